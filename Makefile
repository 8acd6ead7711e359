# Every command a contributor or CI needs. `make test` is what CI runs (.ci/run).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STACK ?= dev
export PULUMI_CONFIG_PASSPHRASE ?=

SCAN_VENV := .venv-scan

.PHONY: test lint typecheck unit scan lint-images bench golden render deploy destroy cluster-up cluster-down clean

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

$(BIN)/hadolint: requirements-lint.txt $(BIN)/pytest
	$(BIN)/pip install --quiet -r requirements-lint.txt
	touch $@

## test: lint, type-check, every offline test, the security scan and the image linters (what CI runs)
test: lint typecheck unit scan lint-images

lint: $(BIN)/pytest
	$(BIN)/ruff check .
	$(BIN)/ruff format --check components tests scripts benchmarks provider __main__.py

typecheck: $(BIN)/pytest
	$(BIN)/mypy

unit: $(BIN)/pytest
	$(BIN)/pytest -q

## scan: render every example in every mode and scan the manifests with checkov (zero findings expected)
scan: $(BIN)/pytest $(SCAN_VENV)/bin/checkov
	$(BIN)/python scripts/scan.py --checkov $(SCAN_VENV)/bin/checkov

## lint-images: hadolint + checkov over the generated Dockerfiles, shellcheck over the scripts
lint-images: $(BIN)/hadolint $(SCAN_VENV)/bin/checkov
	$(BIN)/hadolint tests/golden/dockerfiles/*.Dockerfile
	CKV_SKIP_PACKAGE_UPDATE_CHECK=true $(SCAN_VENV)/bin/checkov --framework dockerfile --skip-download --compact --quiet -d tests/golden/dockerfiles
	$(BIN)/shellcheck scripts/*.sh

## bench: the benchmark suite (program time vs floor, discovery, imports); writes benchmarks/results/latest.json
bench: $(BIN)/pytest
	$(BIN)/python -m benchmarks

## golden: rewrite tests/golden/ (manifests and Dockerfiles) from the current code (review the diff!)
golden: $(BIN)/pytest
	UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py tests/test_dockerfiles.py

## render: print the dev stack's Kubernetes objects without a cluster (or APP=... ARGS=...)
APP ?=
ARGS ?= --stack $(STACK)
render: $(BIN)/pytest
	$(BIN)/python -m components.render $(APP) $(ARGS)

## deploy: pulumi up on the dev stack (current kubectl context, registry localhost:5001)
deploy:
	@# The file backend's folder (Pulumi.yaml backend.url) must exist before the first login.
	@[ -n "$$PULUMI_BACKEND_URL" ] || mkdir -p "$$HOME/.pulumi-functions-keda"
	pulumi stack select $(STACK) --create
	pulumi up --stack $(STACK) --yes

## cluster-up: kind cluster + registry on localhost:5001 (idempotent; skips without docker/kind)
cluster-up:
	sh scripts/cluster-up.sh

## cluster-down: delete that cluster and registry (KEEP_REGISTRY=1 keeps the registry)
cluster-down:
	sh scripts/cluster-down.sh

## destroy: remove everything the stack created
destroy:
	pulumi destroy --stack $(STACK) --yes

clean:
	rm -rf $(VENV) $(SCAN_VENV) .functions-keda .pytest_cache .mypy_cache .ruff_cache .hypothesis
