# Every command a contributor or CI needs. `make test` is what CI runs (.ci/run).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STACK ?= dev
export PULUMI_CONFIG_PASSPHRASE ?=

SCAN_VENV := .venv-scan

.PHONY: test lint typecheck unit scan golden render deploy destroy clean

$(BIN)/pytest: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

$(SCAN_VENV)/bin/checkov: requirements-scan.txt
	$(PYTHON) -m venv $(SCAN_VENV)
	$(SCAN_VENV)/bin/pip install --quiet --upgrade pip
	$(SCAN_VENV)/bin/pip install --quiet -r requirements-scan.txt
	touch $@

## test: lint, type-check, every offline test, and the security scan (what CI runs)
test: lint typecheck unit scan

lint: $(BIN)/pytest
	$(BIN)/ruff check .
	$(BIN)/ruff format --check components tests scripts __main__.py

typecheck: $(BIN)/pytest
	$(BIN)/mypy

unit: $(BIN)/pytest
	$(BIN)/pytest -q

## scan: render every example in every mode and scan the manifests with checkov (zero findings expected)
scan: $(BIN)/pytest $(SCAN_VENV)/bin/checkov
	$(BIN)/python scripts/scan.py --checkov $(SCAN_VENV)/bin/checkov

## golden: rewrite tests/golden/*.yaml from the current code (review the diff!)
golden: $(BIN)/pytest
	UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py

## render: print the example's Kubernetes objects without a cluster (APP=..., ARGS=...)
APP ?= examples/python-v2-app
ARGS ?= --registry localhost:5001
render: $(BIN)/pytest
	$(BIN)/python -m components.render $(APP) $(ARGS)

## deploy: pulumi up on the dev stack (current kubectl context, registry localhost:5001)
deploy:
	pulumi stack select $(STACK) --create
	pulumi up --stack $(STACK) --yes

## destroy: remove everything the stack created
destroy:
	pulumi destroy --stack $(STACK) --yes

clean:
	rm -rf $(VENV) $(SCAN_VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
