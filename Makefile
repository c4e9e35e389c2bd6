# Two entry points on a fresh machine (see README):
#   make run   - set everything up and start the browser app on http://localhost:8765
#                (make run PORT=8800 for another port)
#   make test  - set everything up and run the whole test suite
# Everything installs into .venv with Python 3.12 or newer.

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
KATEX := katex@0.16.9
SOLARA_CDN := $(VENV)/share/solara/cdn
PORT ?= 8765

.PHONY: run headless test setup browser lint clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@sh .ci/find-python > /dev/null || { sh .ci/find-python; exit 1; }
	$$(sh .ci/find-python) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@# Solara's Markdown loads KaTeX, which solara-assets does not ship: cache it from npm
	@# so that the app never reaches for a CDN.
	rm -rf $(SOLARA_CDN)/$(KATEX) && mkdir -p $(SOLARA_CDN)/$(KATEX)
	cd $(SOLARA_CDN)/$(KATEX) && npm pack --silent $(KATEX) > /dev/null && \
		tar -xzf katex-0.16.9.tgz --strip-components=1 package/dist && rm katex-0.16.9.tgz
	@touch $(STAMP)

# Debian's Chromium for the end-to-end browser tests (Playwright cannot download browsers here).
browser:
	@test -x /usr/bin/chromium || { \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium > /dev/null; \
	} || { echo "make test needs Debian's chromium: apt-get install chromium"; exit 1; }

run: setup
	$(VENV)/bin/libya-abm app --port $(PORT)

headless: setup
	$(VENV)/bin/libya-abm run --out results/sochi_2020

test: setup browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

clean:
	rm -rf $(VENV) results .pytest_cache .ruff_cache
