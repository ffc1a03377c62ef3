# `make` builds dist/ from book/; `make test` runs the suite. Both bootstrap
# everything they need: system packages (scripts/system-deps) and .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BOOK   ?= book
DIST   ?= dist
STAMP  := $(VENV)/.installed
# Ace by DAISY, for the accessibility test; npm's lock file pins it.
ACE    := tools/ace
ACE_STAMP := $(ACE)/node_modules/.installed

.PHONY: all build test clean

all: build

# constraints.txt pins the versions the reproducible builds were verified with.
$(STAMP): pyproject.toml constraints.txt scripts/system-deps
	scripts/system-deps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $@

build: $(STAMP)
	$(BIN)/samizdat build $(BOOK) -o $(DIST)

# --ignore-scripts: Ace's optional Electron download cannot succeed offline and
# is not needed; the tests drive the system Chromium (scripts/system-deps).
$(ACE_STAMP): $(ACE)/package.json $(ACE)/package-lock.json scripts/system-deps
	scripts/system-deps
	cd $(ACE) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test: $(STAMP) $(ACE_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(DIST) build .pytest_cache
