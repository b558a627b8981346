# One place for every command. `make test` and `make demo` set up everything.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: test lint demo system-deps venv-deps clean

$(STAMP): pyproject.toml | venv-deps
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip "setuptools<81"
	$(BIN)/pip install -q -e ".[test]"
	touch $(STAMP)

# Debian and Ubuntu ship the part of `python3 -m venv` that installs pip
# (ensurepip) in a package of its own, python3-venv.
venv-deps:
	@if ! $(PY) -c "import ensurepip, venv" 2>/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
		else \
			echo "$(PY) cannot make a virtual environment: install Debian's python3-venv (sudo apt-get install python3-venv)"; \
			exit 1; \
		fi; \
	fi

# Debian packages the tests drive: Chromium for browser tests, wrk for load.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v wrk >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium wrk; \
		else \
			echo "install Debian packages chromium and wrk (sudo apt-get install chromium wrk)"; \
			exit 1; \
		fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy satr_tornado demo tests bench

test: $(STAMP) system-deps lint
	$(BIN)/pytest

demo: $(STAMP)
	$(BIN)/python -m demo

clean:
	rm -rf $(VENV) .state .pytest_cache .mypy_cache .ruff_cache artifacts

# Long forms of the attack suite's fuzzing and load runs (figures in artifacts/).
.PHONY: fuzz load bench

fuzz: $(STAMP)
	SATR_FUZZ=long $(BIN)/pytest -q tests/attacks/test_fuzz.py

load: $(STAMP) system-deps
	$(BIN)/python -m tests.load.run_load --duration 60 --connections 50

# Session layer against bare Tornado and express-session (about 15 minutes):
# writes bench/RESULTS.md and bench/results.png.
bench: $(STAMP) system-deps
	$(BIN)/pip install -q "matplotlib>=3.8" "pyinstrument>=5"
	cd bench/express && npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m bench.run
