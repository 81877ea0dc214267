# csecstats: `make build` builds everything, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Conda (or any active environment where environment.yml / `pip install -e .` installed the package):
# `make build ACTIVE_ENV=1`, `make test ACTIVE_ENV=1` run its python and csecstats instead of .venv.
ifdef ACTIVE_ENV
BIN := $(patsubst %/,%,$(dir $(shell command -v python)))
STAMP :=
endif
export SOURCE_DATE_EPOCH := 1099872000
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg
# pytest keeps the test modules it rewrites (assertion messages) in tests/__pycache__ (ignored by git); an environment
# with PYTHONDONTWRITEBYTECODE set made every test process rewrite all of them again, ~2 s each.
unexport PYTHONDONTWRITEBYTECODE

.DEFAULT_GOAL := help
.PHONY: help build install data notebooks charts gallery test test-fast test-latest bench mutation determinism lab kernel clean-venv

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test,notebooks]'
	$(BIN)/python -m compileall -q src  # an editable install compiles nothing: every process would compile the package
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the package with pinned versions (requirements.lock)

data: $(STAMP) ## rebuild data/processed from data/raw and data/external
	$(BIN)/csecstats build

notebooks: $(STAMP) ## execute notebooks/*.ipynb in place, in parallel (outputs are committed)
	$(BIN)/csecstats notebooks

charts: $(STAMP) ## export every chart to reports/figures (png, svg, pdf, csv, json, manifest.json)
	$(BIN)/csecstats charts

# The gallery reads the charts export (reports/figures/manifest.json): it comes after charts.
gallery: $(STAMP) ## write the chart gallery reports/index.html (+ tables.html) from the charts manifest
	$(BIN)/csecstats gallery

build: install data notebooks charts gallery ## everything: venv, data, notebooks, charts, gallery

test: $(STAMP) ## every test, including strict nbval on every notebook (run once, through the installed wheel), in parallel on every core
	$(BIN)/python -m pytest -n auto

# The newest versions pyproject.toml's ranges allow, in their own environment (.venv-latest, rebuilt
# each run, never touching .venv): validate and build into a temporary folder, then every test that
# does not compare bytes with the committed outputs (those need requirements.lock's versions).
LATEST := .venv-latest
test-latest: ## newest allowed versions in .venv-latest: validate, build, and the tests not marked `bytes`
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test,notebooks]'
	$(LATEST)/bin/python -m pip list --format=freeze | grep -iE '^(numpy|pandas|matplotlib|seaborn|scipy|pandera|pyyaml|nbclient|nbformat|ipykernel|pytest)=='
	$(LATEST)/bin/csecstats validate data/raw/*.yml data/raw/*.txt data/external/*.csv
	tmp=$$(mktemp -d); $(LATEST)/bin/csecstats build --out $$tmp/processed || { rm -rf $$tmp; exit 1; }; \
	if diff -rq data/processed $$tmp/processed; then echo "test-latest: the tables are byte-identical to data/processed"; \
	else echo "test-latest: the tables differ from data/processed (informational: committed ones come from requirements.lock)"; fi; \
	rm -rf $$tmp
	$(LATEST)/bin/python -m pytest -n auto tests -m "not bytes"

test-fast: $(STAMP) ## every test but the slow end-to-end ones (marker e2e: wheel, browser, nbval from other folders); notebooks in the suite
	$(BIN)/python -m pytest -n auto --dist loadscope -m "not e2e"

# The kernel "csecstats" runs .venv's Python: registered inside .venv for `make lab`, or for the
# user (`make kernel`) so a JupyterLab installed elsewhere can run the notebooks too.
lab: $(STAMP) ## start JupyterLab on notebooks/ with the "csecstats" kernel; notebooks are normalised on save
	$(BIN)/python -m ipykernel install --sys-prefix --name csecstats --display-name "csecstats (.venv)"
	JUPYTER_CONFIG_PATH=$(CURDIR)/jupyter $(BIN)/jupyter lab notebooks/

kernel: $(STAMP) ## register the "csecstats" kernel for your user (for a JupyterLab outside .venv)
	$(BIN)/python -m ipykernel install --user --name csecstats --display-name "csecstats (.venv)"

bench: $(STAMP) ## benchmarks (ratios measured side by side; the test suite serial vs parallel)
	$(BIN)/python benchmarks/run.py

# Not part of `make test`: every mutant of a module runs that module's tests (over an hour for all four on
# 2 cores; `.venv/bin/python scripts/mutation.py --sample 150 MODULE` estimates one in minutes).
mutation: $(STAMP) ## mutation testing (mutmut) of parse, formulas, triangulation and the register checks; score per module
	$(BIN)/python scripts/mutation.py

determinism: $(STAMP) ## build everything twice, compare output hashes; strict nbval 3x and under xdist (slow)
	BIN=$(BIN) scripts/check_determinism.sh

clean-venv: ## remove the virtual environment
	rm -rf $(VENV)
