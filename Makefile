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

site: $(STAMP)
	$(PY) build.py build

validate: $(STAMP)
	$(PY) build.py validate

test: $(STAMP)
	$(PY) -m pytest

# Generated corpora of 10k, 100k and 1M rows against `frictionless validate` (minutes; see docs/benchmarks.md).
bench: $(STAMP)
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) site .site-build-* *.egg-info
