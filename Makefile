# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run dev test lint format snapshot bench clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## Set up and start the app on the bundled snapshot (no network, no token needed).
run: $(VENV)/.runtime
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

## While editing: as `run`, but reruns when a source file is saved.
dev: $(VENV)/.runtime
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) \
		--server.fileWatcherType auto --server.runOnSave true

## Lint, then every test: package, AppTest pages, and browser journeys in Chromium.
test: $(VENV)/.dev
	sh scripts/ensure_chromium.sh
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -q

format: $(VENV)/.dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

## Rebuild the committed snapshot from the recorded payloads in ../shared/data.
snapshot: $(VENV)/.runtime
	$(PY) -m llm_atlas.refresh --from-dir ../shared/data

bench: $(VENV)/.dev
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
