# tdb's tasks. `make test` and `make demo` set everything up on a fresh machine.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: venv test test-3.14 demo bench soak screenshots clean

# The virtual environment, rebuilt when the project's dependencies change.
$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@command -v tmux >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q tmux >/dev/null; } \
		|| echo "note: the end-to-end tests need tmux (apt-get install tmux)"
	touch $@

venv: $(BIN)/.installed

test: venv
	$(BIN)/python -m pytest -q

# The same suite on Python 3.14, assembled by scripts/python314.sh (cached in ~/.cache/tdb).
test-3.14:
	$(MAKE) test PYTHON="$$(scripts/python314.sh)" VENV=.venv-3.14

demo: venv
	$(BIN)/tdb examples/primes.py 30

# tdb against plain Python, pdb and pudb: one table of medians (about 10 minutes; needs tmux).
# Tracer scenarios on another Python: make bench BENCH_ARGS="--python .venv-3.14/bin/python --only tracer"
bench: venv
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

# The soak test (harness/soak.py): 10,000 steps, 1,000 breakpoint hits on 4 threads, 500 evaluations,
# 50 restarts, through the real interface; tests/test_soak.py runs it small. SOAK_ARGS to change it.
.PHONY: soak
soak: venv
	$(BIN)/python -m harness.soak $(SOAK_ARGS)

# Every scenario once and tiny, to see that the suite runs (tests/benchmarks does the same).
.PHONY: bench-smoke
bench-smoke: venv
	$(BIN)/python -m benchmarks --smoke

screenshots: venv
	$(BIN)/python -m harness.screenshots screenshots

clean:
	rm -rf .venv .venv-3.14 .pytest_cache build *.egg-info
