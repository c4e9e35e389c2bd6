"""The teaching unit as printable, self-contained HTML pages: sheets, keys and class pages.

`libya-abm exercises --html DIR` writes them; the app offers the open sheet as a download.
Besides the sheets (and, with `--keys`, their keys) it prints the class pages of
docs/exercises/ that exist (`CLASS_PAGES`): those for students always, those for the
instructor with the keys. The pages need nothing from the network: the style is inline,
there are no scripts, and images are embedded in the page (as data: addresses).
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

import markdown

from config.exercises import EXERCISES_DIR, Exercise


@dataclass(frozen=True)
class ClassPage:
    """A page of the teaching unit beside the sheets.

    Its file in docs/exercises/, its title when printed, and whether it is for the instructor
    (printed with the keys only).
    """

    file: str
    title: str
    for_instructor: bool = False
    folder: Path = EXERCISES_DIR

    @property
    def path(self) -> Path:
        """The page's Markdown file."""
        return self.folder / self.file


CLASS_PAGES = (
    ClassPage("handout.md", "Student handout"),
    ClassPage("reading.md", "Pre-class reading"),
    ClassPage("glossary.md", "Glossary of actors"),
    ClassPage("rubric.md", "Assessment rubric"),
    ClassPage("README.md", "Teaching with the model: the sheets and the 90-minute plan", True),
    ClassPage("debrief.md", "Debrief guide", True),
)
"""The class pages, in the order printed. The rubric is the students' too: they see how they
are assessed."""
IMAGE = re.compile(r'<img([^>]*?) src="([^"]+)"')
PAGE_LINK = re.compile(r'href="([\w-]+)\.md"')  # a link to a page printed beside this one

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
img { max-width: 100%; height: auto; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  h1, h2 { page-break-after: avoid; break-after: avoid; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  pre, table, li { page-break-inside: avoid; break-inside: avoid; }
}
"""


def markdown_to_html(text: str, title: str, footer: str = "", folder: Path = EXERCISES_DIR) -> str:
    """A complete HTML page of a Markdown text, styled for screen and for print.

    Images the text points at in `folder` (the Markdown file's own) are embedded in the page.
    """
    body = markdown.markdown(text, extensions=["tables", "fenced_code", "sane_lists"])
    body = IMAGE.sub(lambda found: _embedded(found, folder), body)
    body = PAGE_LINK.sub(lambda found: f'href="{_printed_stem(found.group(1))}.html"', body)
    foot = f"<footer>{html.escape(footer)}</footer>" if footer else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{PRINT_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n{foot}\n</body>\n</html>\n"
    )


def _embedded(found: re.Match[str], folder: Path) -> str:
    """An <img> tag whose local file is embedded as a data: address; others left as they are."""
    attributes, source = found.groups()
    image = folder / source
    if "://" in source or source.startswith("data:") or not image.is_file():
        return found.group(0)
    kind = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
    data = base64.b64encode(image.read_bytes()).decode("ascii")
    return f'<img{attributes} src="data:{kind};base64,{data}"'


def _printed_stem(stem: str) -> str:
    """The name a page is printed under: its own, but the plan (README) as "plan"."""
    return "plan" if stem == "README" else stem


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
        exercise.key_path.parent,
    )


def class_page_html(page: ClassPage) -> str:
    """A class page (handout, reading, glossary, rubric, plan, debrief) as a printable page."""
    audience = "for the instructor, " if page.for_instructor else ""
    return markdown_to_html(
        page.path.read_text(encoding="utf-8"),
        page.title,
        f"libya-abm teaching unit, {audience}docs/exercises/{page.file}",
        page.folder,
    )


def write_printable(
    exercises: tuple[Exercise, ...],
    folder: Path,
    *,
    keys: bool = False,
    class_pages: tuple[ClassPage, ...] = CLASS_PAGES,
) -> list[Path]:
    """Write the pages as HTML into `folder`; return their paths.

    Each sheet and the class pages that exist for students; with `keys`, each key and the
    instructor's class pages too. The plan (README.md) is written as plan.html.
    """
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for exercise in exercises:
        pages.append((exercise.path.stem, sheet_html(exercise)))
        if keys:
            pages.append((exercise.key_path.stem, key_html(exercise)))
    for page in class_pages:
        if page.path.is_file() and (keys or not page.for_instructor):
            pages.append((_printed_stem(page.path.stem), class_page_html(page)))
    written = []
    for stem, page in pages:
        path = folder / f"{stem}.html"
        path.write_text(page, encoding="utf-8")
        written.append(path)
    return written
