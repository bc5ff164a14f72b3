# Bürgerbüro: `make run` starts the platform, `make test` runs every test on SQLite and PostgreSQL.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pip --quiet: no progress chatter, but warnings and errors still show; a line per stage instead.
PIP := $(BIN)/pip --quiet --disable-pip-version-check

.PHONY: run test test-sqlite test-postgresql bench lint system-deps run-deps clean translations

$(STAMP): setup.cfg pyproject.toml
	@echo "Lege die virtuelle Umgebung $(VENV) an …"
	@$(PYTHON) -m venv $(VENV)
	@echo "Aktualisiere pip …"
	@$(PIP) install --upgrade pip
	@echo "Installiere Abhängigkeiten (beim ersten Mal einige Minuten) …"
	@$(PIP) install -e ".[test]"
	@touch $(STAMP)
	@echo "Installation fertig."

# Debian packages the platform and its tests need: gpg for OpenPGP, chromium for the browser
# tests, DejaVu for the receipt PDFs (SIGNING_PDF_FONT and friends; the math font has 𝔘 & Co.),
# pdfsig and certutil: the tests check a sealed PDF with a validator outside the platform.
FONTS := /usr/share/fonts/truetype/dejavu
system-deps:
	@command -v gpg >/dev/null && test -x /usr/bin/chromium && test -f $(FONTS)/DejaVuSans.ttf \
	  && test -f $(FONTS)/DejaVuMathTeXGyre.ttf && command -v pdfsig >/dev/null \
	  && command -v certutil >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnupg chromium fonts-dejavu-core \
	  fonts-dejavu-extra poppler-utils libnss3-tools; }

# What `make run` needs of Debian's packages: gpg and the receipt fonts (no browser).
run-deps:
	@command -v gpg >/dev/null && test -f $(FONTS)/DejaVuSans.ttf \
	  && test -f $(FONTS)/DejaVuMathTeXGyre.ttf || { echo "Installiere gpg und Schriften …" && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gnupg \
	  fonts-dejavu-core fonts-dejavu-extra; }

# The compiled catalogues flask-babel reads (built, not committed); `make translations` brings
# messages.po up to date with every marked string after a change (see docs/development.md).
PO := $(wildcard buergerbuero/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)
%.mo: %.po $(STAMP)
	@$(BIN)/python -m buergerbuero.core.catalogs compile

translations: $(STAMP)
	$(BIN)/python -m buergerbuero.core.catalogs update

run: run-deps $(STAMP) $(MO)
	@$(BIN)/python -m buergerbuero.core.launcher

test: system-deps $(STAMP) test-sqlite test-postgresql

test-sqlite: $(STAMP) $(MO)
	TEST_DATABASE=sqlite $(BIN)/python -m pytest

test-postgresql: $(STAMP) $(MO)
	TEST_DATABASE=postgresql $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/submit.py
	$(BIN)/python bench/gateway.py
	$(BIN)/python bench/inbox.py

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) build *.egg-info
