# The README's two commands. Only Python 3.11+ and make are needed; everything else installs here.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install bench check-graphql clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/ocop run

test: $(STAMP) browser
	$(VENV)/bin/ocop test

# Browser tests drive Debian's Chromium (Playwright's own download does not work here).
# As root with apt, install it when missing; otherwise the browser tests say why they skip.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium for the browser tests…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

bench: $(STAMP)
	$(VENV)/bin/ocop manage bench

check-graphql: $(STAMP)
	$(VENV)/bin/python ../shared/tools/check_graphql_docs.py

clean:
	rm -rf $(VENV) var
