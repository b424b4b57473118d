# The README's two commands. Only Python 3.11+ and make are needed; everything else installs here.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install bench check-graphql clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/ocop run

test: $(STAMP)
	$(VENV)/bin/ocop test

bench: $(STAMP)
	$(VENV)/bin/ocop manage bench

check-graphql: $(STAMP)
	$(VENV)/bin/python ../shared/tools/check_graphql_docs.py

clean:
	rm -rf $(VENV) var
