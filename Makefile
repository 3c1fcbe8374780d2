# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NBVAL := --nbval --nbval-sanitize-with notebooks/sanitize.cfg -p no:randomly
DEMO_PORT ?= 8888
# Jupyter refuses to run as root unless told; containers and CI machines often are root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: demo test lint typecheck unit notebooks bench bundle clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[test]'
	touch $(STAMP)

## demo: JupyterLab on the quickstart notebook, against the embedded local disk service
demo: $(STAMP)
	$(BIN)/jupyter lab --no-browser $(ALLOW_ROOT) --port $(DEMO_PORT) notebooks/quickstart.ipynb

## test: ruff, mypy --strict, every test (service, client, magic, panel, browser) and the notebooks
test: lint typecheck unit notebooks

lint: $(STAMP)
	$(BIN)/ruff check apolo_disks_jupyter tests bench notebooks
	$(BIN)/ruff format --check apolo_disks_jupyter tests bench notebooks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest tests

notebooks: $(STAMP)
	$(BIN)/pytest $(NBVAL) notebooks

## bench: every benchmark, printing its table
bench: $(STAMP)
	$(BIN)/python -m bench

## bundle: rebuild the panel's front end (needs node and npm) into apolo_disks_jupyter/static
bundle:
	npm ci --prefix js
	npm run --prefix js build

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-output
