# Bürgerbüro: `make run` starts the platform, `make test` runs every test on SQLite and PostgreSQL.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgresql bench lint system-deps clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

# Debian packages the tests need: gpg for OpenPGP, chromium for the browser tests.
system-deps:
	@command -v gpg >/dev/null && test -x /usr/bin/chromium || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnupg chromium; }

run: $(STAMP)
	$(BIN)/python -m buergerbuero.launcher

test: system-deps $(STAMP) test-sqlite test-postgresql

test-sqlite: $(STAMP)
	TEST_DATABASE=sqlite $(BIN)/python -m pytest

test-postgresql: $(STAMP)
	TEST_DATABASE=postgresql $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/submit.py
	$(BIN)/python bench/gateway.py

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build *.egg-info
