"""The packages form layers that point one way, and a wrong arrow fails `lint-imports`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("cli", "viz", "experiments", "model", "agents", "config")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_of_the_packages(tree: Path) -> Path:
    """The project's Python packages and its import-linter contract, in a folder of their own."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("data"))
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    contract = re.search(r"^\[tool\.importlinter\].*?(?=^\[tool\.pytest)", pyproject, re.M | re.S)
    assert contract, "pyproject.toml states no import-linter contract"
    (tree / "pyproject.toml").write_text(contract.group(0), encoding="utf-8")
    return tree


def test_the_layers_contract_is_kept_by_the_code_as_it_is(tmp_path: Path):
    result = lint_imports(copy_of_the_packages(tmp_path))
    assert result.returncode == 0, result.stdout
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import", "message"),
    [
        ("model/oil.py", "import experiments.runner", "model is not allowed to import experiments"),
        ("agents/base.py", "import model.oil", "agents is not allowed to import model"),
        ("config/cast.py", "import agents.base", "config is not allowed to import agents"),
        ("experiments/runner.py", "import viz.echarts", "experiments is not allowed to import viz"),
    ],
)
def test_an_import_against_the_layers_breaks_the_contract(
    module: str, wrong_import: str, message: str, tmp_path: Path
):
    tree = copy_of_the_packages(tmp_path)
    path = tree / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{wrong_import}\n", encoding="utf-8")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert message in result.stdout
