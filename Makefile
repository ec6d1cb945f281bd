# The README's two commands are `make run` and `make test`; everything else is a helper.
PYTHON    ?= python3
VENV      := .venv
PY        := $(VENV)/bin/python
PIP       := $(PY) -m pip install --quiet --disable-pip-version-check
# Two stamps, so `make run` then `make test` (or the other way round) installs each list once:
# .installed-run for what runs (requirements.txt), .installed-dev for what tests and lints.
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run demo-cli test lint format format-check bench docs check clean

# An older checkout compiled the simulator with mypyc next to its sources; Python would load such
# a leftover instead of the .py file, so setting up removes it (the sources are what runs).
OLD_BUILD := *__mypyc*.so scenarios/*.so simulator/*.so

$(RUN_STAMP): requirements.txt pyproject.toml
	rm -f $(OLD_BUILD)
	$(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	$(PIP) --no-deps -e .
	touch $@

$(DEV_STAMP): $(RUN_STAMP) requirements-dev.txt requirements-cluster.txt
	$(PIP) -r requirements-dev.txt
	touch $@

HOST ?= 127.0.0.1
PORT ?= 5000

## run: set up and start the trainer with a ready demo workshop (make run HOST=0.0.0.0 for a room)
run: $(RUN_STAMP)
	$(PY) -m web serve --host $(HOST) --port $(PORT) --demo

## demo-cli: the command-line tour (scenario summary and six cases with answers)
demo-cli: $(RUN_STAMP)
	$(PY) -m scenarios show kelas_bimtek
	$(PY) -m simulator generate kelas_bimtek --seed 1 --count 6 --format text --with-answers

## test: set up, lint and run every test
test: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

lint: $(DEV_STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(DEV_STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

## format-check: fail if ruff would reformat a file (what `make lint` also checks)
format-check: $(DEV_STAMP)
	$(PY) -m ruff format --check .

## docs: regenerate docs/scenarios.md from the field declarations, the schemas' KPIs from the KPI table
docs: $(RUN_STAMP)
	$(PY) -m scenarios docs > docs/scenarios.md
	$(PY) -m simulator.schemas docs/schemas/*.json

## check: validate every built-in scenario
check: $(RUN_STAMP)
	$(PY) -m scenarios check scenarios/data/[!_]*.yaml

bench: $(DEV_STAMP)  # benchmark-only tools (Ciw, Dask) come with the dev list
	$(PY) benchmarks/bench_generator.py
	$(PY) benchmarks/bench_simulator.py
	$(PY) benchmarks/bench_sandbox.py
	$(PY) benchmarks/bench_planner.py
	$(PY) benchmarks/bench_reader.py
	$(PY) benchmarks/bench_cluster.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis .mypy_cache build $(OLD_BUILD)
