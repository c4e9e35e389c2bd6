# Two entry points on a fresh machine (see README):
#   make run   - set everything up and run the default scenario headless
#   make test  - set everything up and run the whole test suite
# Everything installs into .venv with Python 3.12 or newer.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@sh .ci/find-python > /dev/null || { sh .ci/find-python; exit 1; }
	$$(sh .ci/find-python) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: setup
	$(VENV)/bin/libya-abm run --out results/sochi_2020

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

clean:
	rm -rf $(VENV) results .pytest_cache .ruff_cache
