"""The documentation matches the code: parameters, ODD, and the README's commands."""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from config.parameters import parameter_info, parameters_markdown
from config.scenarios import list_scenarios
from config.timeline import EVENT_TYPES

ROOT = Path(__file__).resolve().parents[1]


def test_parameters_md_is_generated_from_the_current_schema():
    text = (ROOT / "docs" / "PARAMETERS.md").read_text(encoding="utf-8")
    assert text == parameters_markdown(), "run: libya-abm params --markdown > docs/PARAMETERS.md"


def test_every_parameter_has_a_unit_a_range_and_a_source():
    for info in parameter_info():
        assert info.unit and info.description and info.source, info.name
        assert info.low <= info.default <= info.high, info.name


def test_the_odd_describes_every_parameter_and_event_type():
    odd = (ROOT / "docs" / "ODD.md").read_text(encoding="utf-8")
    missing = [info.name for info in parameter_info() if info.name not in odd]
    assert not missing, f"parameters missing from docs/ODD.md: {missing}"
    assert all(kind in odd for kind in EVENT_TYPES)


def test_the_readme_quick_start_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci and "make test" in readme and "make run" in readme


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize(("given", "port"), [([], "8765"), (["PORT=8800"], "8800")])
def test_make_run_serves_the_app_on_the_port_given(given: list[str], port: str):
    environment = {key: value for key, value in os.environ.items() if key != "PORT"}
    dry_run = subprocess.run(
        ["make", "--dry-run", "run", *given],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    assert f"libya-abm app --port {port}\n" in dry_run.stdout
    assert f"make run {' '.join(given)}".strip() in (ROOT / "README.md").read_text()


def test_the_output_folders_of_the_documented_commands_are_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    documents = [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")]
    text = "\n".join(path.read_text(encoding="utf-8") for path in documents)
    folders = {path.split("/")[0] for path in re.findall(r"--(?:out|html) ([\w./-]+)", text)}
    assert folders >= {"results", "handouts"}
    assert all(f"{folder}/" in ignored for folder in folders), folders


def test_the_readme_names_every_shipped_scenario():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in list_scenarios())


def test_the_readme_python_examples_give_the_output_shown():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = re.findall(r"```python\n(>>> .*?)```", readme, flags=re.DOTALL)
    assert examples, "the README shows no >>> example"
    parser, runner = (
        doctest.DocTestParser(),
        doctest.DocTestRunner(
            optionflags=doctest.NORMALIZE_WHITESPACE  # the README wraps long output lines
        ),
    )
    for number, example in enumerate(examples):
        runner.run(parser.get_doctest(example, {}, f"README example {number}", "README.md", 0))
    result = runner.summarize(verbose=False)
    assert result.attempted > 0 and result.failed == 0


def test_every_file_the_docs_point_at_exists():
    folders = "model|agents|config|experiments|cli|viz|docs|tests|benchmarks"
    pattern = re.compile(rf"`((?:{folders})/[\w./-]*\w)`")
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    missing = [
        f"{page.relative_to(ROOT)}: {path}"
        for page in pages
        for path in pattern.findall(page.read_text(encoding="utf-8"))
        if not (ROOT / path).exists()
    ]
    assert missing == []
