# Two commands on a fresh clone: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test validate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Downloads are dated by their version; SOURCE_DATE_EPOCH (the last commit) dates the preview.
site: $(STAMP)
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null)} $(PY) build.py build

validate: $(STAMP)
	$(PY) build.py validate

AXE := $(VENV)/axe/node_modules/axe-core/axe.min.js

# axe-core for the browser tests, from the npm registry, when npm is present (else they skip).
$(AXE):
	-command -v npm >/dev/null && npm install --silent --prefix $(VENV)/axe axe-core@4

# Formatting and lint first (seconds); tests/architecture/test_style.py checks both again.
test: $(STAMP) $(AXE)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n auto --dist loadfile

# Generated corpora of 10k, 100k and 1M rows against `frictionless validate` (minutes; see docs/benchmarks.md).
bench: $(STAMP)
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) site .site.build-* .site.work-* .site.old-* .site.lock .site.cache *.egg-info
