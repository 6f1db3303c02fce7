# Two commands do all set-up on a fresh machine: `make run` and `make test` (Python 3.11+ is all they need).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Installs go through uv (from PyPI, into the venv): seconds where pip takes half a minute or more. Where uv
# cannot be had or cannot install (no PyPI, only a local index pip is set up for), pip does the same install.
install = if [ -x $(BIN)/uv ] && UV_PYTHON=$(BIN)/python $(BIN)/uv pip install $(1); then :; \
	else $(BIN)/python -m pip install $(1); fi
say = @printf '\n== coach: %s\n' $(1)
# The fast tiers, for the loop while working (README, "Development"): every test but the slow, browser and
# PostgreSQL ones, on every core.
CHECK := tests/unit tests/cli tests/tui tests/snapshots -m "not slow and not postgresql"
# pytest-xdist workers: one per core (`make test WORKERS=0` runs in one process, as before)
WORKERS ?= auto

.PHONY: run test check bench clean

$(BIN)/python:
	$(call say,"a virtual environment in $(VENV)")
	$(PYTHON) -m venv $(VENV)
	$(call say,"uv: the fast installer (or pip if uv cannot be had)")
	$(BIN)/python -m pip install --disable-pip-version-check uv || echo "no uv: pip installs coach (slower)"

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(call say,"coach and what it needs")
	@$(call install,-e .)
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(call say,"coach with its test extras")
	@$(call install,-e '.[test]')
	touch $(VENV)/.installed $@

# A real FHIR server for tests/slow/test_fhir_server.py (npm packages, pinned by the lock file). Without npm,
# or offline, that test is skipped and says why.
FHIR_SERVER := tests/fhir_server/node_modules/.package-lock.json
$(FHIR_SERVER): tests/fhir_server/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/fhir_server --no-audit --no-fund --loglevel=error \
			|| echo "npm ci failed: the FHIR server test will be skipped"; \
	else echo "no npm here: the FHIR server test will be skipped"; fi

run: $(VENV)/.installed
	$(BIN)/coach

# Everything (slow, browser and PostgreSQL tiers too), one worker per core, each with its own PostgreSQL
# server; a test file's tests stay on one worker (its snapshot file and module fixtures are its own).
test: $(VENV)/.installed-test $(FHIR_SERVER)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile

check: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile $(CHECK)

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info
