# Two commands from a fresh clone: `make plan` and `make test`.
# Each builds .venv from uv.lock (exact versions, hashes checked) before it runs.
SHELL := /bin/bash
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
SPEC ?= .
OUT ?= out

export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export JSII_RUNTIME_PACKAGE_CACHE_ROOT ?= $(abspath .cache/jsii)
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION ?= 20

.PHONY: plan test bench render lock clean

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --all-groups --quiet
	touch $@

# The pinned upstream sources the synced tree is hydrated from (git over HTTPS, checked
# against src/sluicegate/upstream/lock.yaml). Set SLUICEGATE_UPSTREAM to use another cache.
UPSTREAM_CACHE := .cache/upstream
$(UPSTREAM_CACHE): $(VENV)/.synced src/sluicegate/upstream/lock.yaml
	@if [ -z "$$SLUICEGATE_UPSTREAM" ]; then $(VENV)/bin/sluicegate vendor --dest $@ && touch $@; fi

plan: $(VENV)/.synced $(UPSTREAM_CACHE)  ## build, check and audit the example platform into out/
	$(VENV)/bin/sluicegate plan --spec $(SPEC) --out $(OUT)

test: $(VENV)/.synced  ## the whole test suite
	$(VENV)/bin/pytest

render: $(VENV)/.synced $(UPSTREAM_CACHE)  ## re-render the committed manifests tree
	$(VENV)/bin/sluicegate render --spec $(SPEC)

bench: $(VENV)/.synced  ## every benchmark under bench/
	for b in bench/*.py; do $(VENV)/bin/python $$b || exit 1; done

lock: $(UV)  ## re-resolve uv.lock after changing pyproject.toml
	$(UV) lock

clean:
	rm -rf $(VENV) $(TOOLS) out .cache
