# `make` builds dist/ from book/; `make test` runs the suite. Both bootstrap
# everything they need: system packages (scripts/system-deps) and .venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BOOK   ?= book
DIST   ?= dist
STAMP  := $(VENV)/.installed

.PHONY: all build test clean

all: build

$(STAMP): pyproject.toml scripts/system-deps
	scripts/system-deps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

build: $(STAMP)
	$(BIN)/samizdat build $(BOOK) -o $(DIST)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(DIST) build .pytest_cache
