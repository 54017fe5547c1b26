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

.PHONY: lab test lint bench app notebooks browser clean help student questionnaires site site-lecturer test-site test-site-lecturer serve-site bench-site

help:
	@echo "make lab    - install (once) and start JupyterLab on notebooks/00_start.ipynb"
	@echo "make test   - install the test extras (once), lint, type-check and run every test (coverage printed)"
	@echo "make lint   - ruff and mypy only"
	@echo "make app    - build the self-check pages and serve them on 127.0.0.1:8866 (plain static server)"
	@echo "make bench  - run the benchmarks"
	@echo "make notebooks - re-execute every notebook in place (after changing the kit)"
	@echo "make student - student edition (nbgrader) in build/student, lecturer edition in build/lecturer"
	@echo "make questionnaires - printable questionnaires (HTML and PDF, de and en) in build/fragebogen"
	@echo "make site  - build the static course site for students (book, JupyterLite, self-check pages) in build/site"
	@echo "make site-lecturer - the same site with model solutions, model answers and the lecturer's guide in build/site-lecturer"
	@echo "make test-site - build the site and test it in Chromium (offline, under a sub-path)"
	@echo "make test-site-lecturer - the same for the lecturer's site (what only the student site has is skipped)"
	@echo "make clean  - remove the virtual environment"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.stamp-lab: pyproject.toml constraints.txt | $(PY)
	$(PIP) install -q -e ".[lab]" -c constraints.txt
	@touch $@

$(VENV)/.stamp-course: pyproject.toml constraints.txt | $(PY)
	$(PIP) install -q -e ".[lab,course]" -c constraints.txt
	@touch $@

$(VENV)/.stamp-test: pyproject.toml constraints.txt | $(PY)
	$(PIP) install -q -e ".[test,lint]" -c constraints.txt
	@touch $@

# German menus: the language pack is in the lab extra; tools/lab_settings.py sets de_DE for this venv, completes
# the pack's German, turns the news pop-up off and keeps nbgrader's lecturer tools out of the teaching Lab.
# The address printed (and opened) is notebook 00's own, not an empty workspace (default_url, not a file argument).
LAB_START := /lab/tree/00_start.ipynb
lab: $(VENV)/.stamp-lab
	$(PY) tools/lab_settings.py
	$(VENV)/bin/jupyter lab --ip=$(HOST) --port=$(PORT) $(AS_ROOT) --ServerApp.root_dir=notebooks \
		--LabApp.default_url=$(LAB_START) $(LAB_ARGS)

lint: $(VENV)/.stamp-test
	$(VENV)/bin/ruff check socialbiz_kit tests benchmarks tools
	$(VENV)/bin/mypy

# axe-core (the accessibility checker of the browser tests) and scorm-again (the LMS side of the SCORM test),
# pinned by package-lock.json; test-only.
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

# Student edition: solutions and model answers replaced by stubs, hidden tests (nbgrader), and the guide pages
# students may read; lecturer edition: the notebooks as committed and the whole guide. Keep the nbgrader course
# directory for autograding with COURSE_DIR=path.
student: $(VENV)/.stamp-course
	$(PY) -m socialbiz_kit.editions $(if $(COURSE_DIR),--course-dir $(COURSE_DIR),)

questionnaires: $(VENV)/.stamp-course
	@mkdir -p build/fragebogen
	for m in altimeter cotc; do for l in de en; do for f in html pdf; do \
		$(VENV)/bin/socialbiz questionnaire $$m --lang $$l --out build/fragebogen/$$m-$$l.$$f --force || exit 1; \
	done; done; done

bench: $(VENV)/.stamp-test node_modules/.stamp
	$(PY) benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV)

# ---------------------------------------------------------------------------------------------------
# The static course site (tools/build_site.py). Its build tools live in their own venv (.venv-site,
# exact pins in site/requirements.txt); the browser pieces come pinned from npm (site/package-lock.json)
# and hash-pinned from PyPI (site/*-requirements.txt) into build/site-cache.
SITE_VENV  ?= .venv-site
SITE_PY    := $(SITE_VENV)/bin/python
SITE_PIP   := $(SITE_PY) -m pip --disable-pip-version-check --no-input
SITE_OUT   ?= build/site
SITE_CACHE ?= build/site-cache
SITE_PORT  ?= 8000

$(SITE_PY):
	$(PYTHON) -m venv $(SITE_VENV)
	$(SITE_PIP) install -q --upgrade pip

$(SITE_VENV)/.stamp-site: site/requirements.txt site/lite-requirements.txt pyproject.toml constraints.txt | $(SITE_PY)
	$(SITE_PIP) install -q -r site/requirements.txt -c constraints.txt -e .
	$(SITE_PIP) install -q --no-deps -r site/lite-requirements.txt
	@touch $@

site/node_modules/.stamp: site/package.json site/package-lock.json
	cd site && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

$(SITE_CACHE)/.stamp: site/browser-requirements.txt site/carrier-requirements.txt site/pyyaml-requirements.txt | $(SITE_PY)
	rm -rf $(SITE_CACHE)/wheels $(SITE_CACHE)/carrier $(SITE_CACHE)/pyyaml
	$(SITE_PIP) download -q --no-deps --only-binary :all: --require-hashes -d $(SITE_CACHE)/wheels -r site/browser-requirements.txt
	$(SITE_PIP) download -q --no-deps --only-binary :all: --require-hashes -d $(SITE_CACHE)/carrier -r site/carrier-requirements.txt
	PYYAML_FORCE_LIBYAML=0 $(SITE_PIP) wheel -q --no-deps --no-binary pyyaml --require-hashes -w $(SITE_CACHE)/pyyaml -r site/pyyaml-requirements.txt
	@touch $@

# The student site (what to publish): the student edition of the notebooks, no model solutions or answers, only
# the guide pages students may read (socialbiz_kit/editions.py STUDENT_PAGES).
site: $(SITE_VENV)/.stamp-site site/node_modules/.stamp $(SITE_CACHE)/.stamp
	$(SITE_PY) tools/build_site.py --edition student --out $(SITE_OUT) --cache $(SITE_CACHE)

# The lecturer's site: solutions and model answers folded, the whole guide. Keep it where only lecturers reach it.
site-lecturer: $(SITE_VENV)/.stamp-site site/node_modules/.stamp $(SITE_CACHE)/.stamp
	$(SITE_PY) tools/build_site.py --edition lecturer --out $(SITE_OUT)-lecturer --cache $(SITE_CACHE) \
		--work build/site-work-lecturer

# Serve the built site on 127.0.0.1 (any static server will do).
serve-site:
	@echo "http://$(HOST):$(SITE_PORT)/"
	$(PYTHON) -m http.server --bind $(HOST) --directory $(SITE_OUT) $(SITE_PORT)

# The site_load section of make bench, on a freshly built site.
bench-site: site $(VENV)/.stamp-test
	$(PY) benchmarks/run.py --only site_load

# Browser tests of the built site (Chromium, every request outside 127.0.0.1 blocked); slow, so not in `make test`.
test-site: site $(VENV)/.stamp-test
	SOCIALBIZ_SITE_TESTS=1 $(PY) -m pytest -q -o addopts="" -p no:cacheprovider tests/site $(PYTEST_ARGS)

# The lecturer's site: the tests marked @pytest.mark.edition("student") are skipped, those marked "lecturer" run.
test-site-lecturer: site-lecturer $(VENV)/.stamp-test
	SOCIALBIZ_SITE_TESTS=1 SOCIALBIZ_SITE_EDITION=lecturer SOCIALBIZ_SITE=$(SITE_OUT)-lecturer \
		$(PY) -m pytest -q -o addopts="" -p no:cacheprovider tests/site $(PYTEST_ARGS)
