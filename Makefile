# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
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

test: $(VENV)/.installed-test $(FHIR_SERVER)
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info
