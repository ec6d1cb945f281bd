# The README's two commands are `make run` and `make test`; everything else is a helper.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run demo-cli test lint format bench docs check clean native

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

## native: compile the simulator's hot modules with mypyc (a no-op when up to date; without a
## C compiler it says so and the Python sources run, slower, with the same results)
native: $(STAMP)
	-$(PY) -m scenarios native build

HOST ?= 127.0.0.1
PORT ?= 5000

## run: set up and start the trainer with a ready demo workshop (make run HOST=0.0.0.0 for a room)
run: $(STAMP) native
	$(PY) -m web serve --host $(HOST) --port $(PORT) --demo

## demo-cli: the command-line tour (scenario summary and six cases with answers)
demo-cli: $(STAMP)
	$(PY) -m scenarios show kelas_bimtek
	$(PY) -m simulator generate kelas_bimtek --seed 1 --count 6 --format text --with-answers

## test: set up, lint and run every test
test: $(STAMP) native
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

## docs: regenerate docs/scenarios.md from the field declarations
docs: $(STAMP)
	$(PY) -m scenarios docs > docs/scenarios.md

## check: validate every built-in scenario
check: $(STAMP)
	$(PY) -m scenarios check scenarios/data/[!_]*.yaml

bench: $(STAMP) native
	$(PY) benchmarks/bench_generator.py
	$(PY) benchmarks/bench_simulator.py
	$(PY) benchmarks/bench_sandbox.py
	$(PY) benchmarks/bench_planner.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis .mypy_cache build *.so scenarios/*.so simulator/*.so
