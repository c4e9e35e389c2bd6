"""Exercise sheets as printable, self-contained HTML pages (one per sheet or key).

`libya-abm exercises --html DIR` writes them; the app offers the open sheet as a download.
The pages need nothing from the network: the style is inline and there are no scripts.
"""

from __future__ import annotations

import html
from pathlib import Path

import markdown

from config.exercises import Exercise

PRINT_STYLE = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 42em; margin: 2em auto;
       padding: 0 1em; line-height: 1.45; color: #111; }
h1 { font-size: 1.5em; border-bottom: 2px solid #333; padding-bottom: 0.2em; }
h2 { font-size: 1.15em; margin-top: 1.4em; }
code { font-family: 'DejaVu Sans Mono', monospace; font-size: 0.9em; background: #f2f2f2;
       padding: 0 0.2em; }
pre { background: #f2f2f2; padding: 0.6em; overflow-x: auto; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: 0.8em 0; }
th, td { border: 1px solid #999; padding: 0.2em 0.5em; text-align: left; }
footer { margin-top: 2em; font-size: 0.8em; color: #555; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  h1, h2 { page-break-after: avoid; break-after: avoid; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  pre, table, li { page-break-inside: avoid; break-inside: avoid; }
}
"""


def markdown_to_html(text: str, title: str, footer: str = "") -> str:
    """A complete HTML page of a Markdown text, styled for screen and for print."""
    body = markdown.markdown(text, extensions=["tables", "fenced_code", "sane_lists"])
    foot = f"<footer>{html.escape(footer)}</footer>" if footer else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{PRINT_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n{foot}\n</body>\n</html>\n"
    )


def sheet_html(exercise: Exercise) -> str:
    """The exercise's sheet as a printable page."""
    return markdown_to_html(
        exercise.text, exercise.title, f"libya-abm teaching unit, docs/exercises/{exercise.sheet}"
    )


def key_html(exercise: Exercise) -> str:
    """The exercise's instructor key as a printable page."""
    return markdown_to_html(
        exercise.key_path.read_text(encoding="utf-8"),
        f"Key to exercise {exercise.number}",
        f"libya-abm teaching unit, instructor key, docs/exercises/keys/{exercise.key_path.name}",
    )


def write_printable(
    exercises: tuple[Exercise, ...], folder: Path, *, keys: bool = False
) -> list[Path]:
    """Write each sheet (and, with `keys`, each key) as HTML into `folder`; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for exercise in exercises:
        pages = [(exercise.path.stem, sheet_html(exercise))]
        if keys:
            pages.append((exercise.key_path.stem, key_html(exercise)))
        for stem, page in pages:
            path = folder / f"{stem}.html"
            path.write_text(page, encoding="utf-8")
            written.append(path)
    return written
