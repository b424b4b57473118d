# The README's two commands. Only Python 3.11+ and make are needed; everything else installs here.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install bench load check-graphql clean browser lint format

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/ocop run

test: $(STAMP) browser lint
	$(VENV)/bin/ocop test

# Lint (errors, not taste) and formatting, as configured in pyproject.toml; `make format` rewrites.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Browser tests drive Debian's Chromium (Playwright's own download does not work here).
# As root with apt, install it when missing; otherwise the browser tests say why they skip.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Chromium for the browser tests…"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# Every benchmark in bench/ (10,000-product catalog, own databases) and one table of figures with
# the ratio to a minimal "hello" view; figures also go to var/bench-results.txt. QUICK=1 for a smoke run.
bench: $(STAMP)
	$(VENV)/bin/ocop manage bench_all $(if $(QUICK),--quick,)

# Locust, headless on 127.0.0.1, against gunicorn on the bench catalog at 10, 50 and 100 users
# (LOAD_SECONDS per step, default 30); then orders == successful checkouts and stock adds up.
load: $(STAMP)
	$(VENV)/bin/python -m pip install --quiet -e ".[load]"
	OCOP_DEV=1 $(VENV)/bin/ocop manage shell -c "import sys; from bench.load import main; sys.exit(main(['--seconds', '$(or $(LOAD_SECONDS),30)']))"

check-graphql: $(STAMP)
	$(VENV)/bin/python ../shared/tools/check_graphql_docs.py

clean:
	rm -rf $(VENV) var
