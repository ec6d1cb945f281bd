# The README's two commands are `make run` and `make test`; everything else is a helper.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run demo-cli test lint format bench docs check clean

# An older checkout compiled the simulator with mypyc next to its sources; Python would load such
# a leftover instead of the .py file, so setting up removes it (the sources are what runs).
OLD_BUILD := *__mypyc*.so scenarios/*.so simulator/*.so

$(STAMP): requirements.txt pyproject.toml
	rm -f $(OLD_BUILD)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

HOST ?= 127.0.0.1
PORT ?= 5000

## run: set up and start the trainer with a ready demo workshop (make run HOST=0.0.0.0 for a room)
run: $(STAMP)
	$(PY) -m web serve --host $(HOST) --port $(PORT) --demo

## demo-cli: the command-line tour (scenario summary and six cases with answers)
demo-cli: $(STAMP)
	$(PY) -m scenarios show kelas_bimtek
	$(PY) -m simulator generate kelas_bimtek --seed 1 --count 6 --format text --with-answers

## test: set up, lint and run every test
test: $(STAMP)
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

bench: $(STAMP)
	$(PY) benchmarks/bench_generator.py
	$(PY) benchmarks/bench_simulator.py
	$(PY) benchmarks/bench_sandbox.py
	$(PY) benchmarks/bench_planner.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis .mypy_cache build $(OLD_BUILD)
