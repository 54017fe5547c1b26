# socialbiz-kit: two commands do all the set-up.
#   make lab    create .venv, install the kit and what the notebooks need, start JupyterLab
#   make test   unit tests, docstring examples and strict nbval over every notebook
# Re-running reinstalls only when pyproject.toml or constraints.txt changed (the stamp files below).
# constraints.txt pins the versions the committed notebook outputs were made with.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check --no-input
HOST   ?= 127.0.0.1
PORT   ?= 8888
APP_PORT ?= 8866
# Jupyter refuses to start as root (containers, Binder-like machines) unless told to.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
export JUPYTER_PLATFORM_DIRS := 1

.PHONY: lab test lint bench app notebooks browser clean help

help:
	@echo "make lab    - install (once) and start JupyterLab on notebooks/00_start.ipynb"
	@echo "make test   - install the test extras (once), lint, type-check and run every test (coverage printed)"
	@echo "make lint   - ruff and mypy only"
	@echo "make app    - build the self-check pages and serve them on 127.0.0.1:8866 (plain static server)"
	@echo "make bench  - run the benchmarks"
	@echo "make notebooks - re-execute every notebook in place (after changing the kit)"
	@echo "make clean  - remove the virtual environment"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.stamp-lab: pyproject.toml constraints.txt | $(PY)
	$(PIP) install -q -e ".[lab]" -c constraints.txt
	@touch $@

$(VENV)/.stamp-test: pyproject.toml constraints.txt | $(PY)
	$(PIP) install -q -e ".[test,lint]" -c constraints.txt
	@touch $@

lab: $(VENV)/.stamp-lab
	$(VENV)/bin/jupyter lab --ip=$(HOST) --port=$(PORT) $(AS_ROOT) notebooks/00_start.ipynb $(LAB_ARGS)

lint: $(VENV)/.stamp-test
	$(VENV)/bin/ruff check socialbiz_kit tests benchmarks tools
	$(VENV)/bin/mypy

# axe-core (the accessibility checker of the browser tests), pinned by package-lock.json; test-only.
node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

test: $(VENV)/.stamp-test lint node_modules/.stamp
	@# coverage of the package, measured in the test process (not inside the notebook kernels: nbval's own
	@# coverage hook times out on a busy machine), printed and not gated
	$(PY) -m coverage run -m pytest $(PYTEST_ARGS)
	@$(PY) -m coverage report --skip-covered --skip-empty

# The self-check pages (one self-contained HTML file per model) served by Python's plain static file server;
# MODEL=my_model.yaml adds a model of your own. Any web server, or none (file://), works as well.
app: $(VENV)/.stamp-lab
	$(PY) -m socialbiz_kit.cli app --folder build/app --port $(APP_PORT) $(if $(MODEL),--model $(MODEL)) $(APP_ARGS)

notebooks: $(VENV)/.stamp-test
	$(PY) tools/run_notebooks.py $(NOTEBOOKS)

bench: $(VENV)/.stamp-test node_modules/.stamp
	$(PY) benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV)
