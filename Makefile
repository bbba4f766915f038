# Every target sets itself up: `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8501
REPLICAS ?= 2
# Where `make serve` listens: this machine only; ADDRESS=0.0.0.0 for the room's network.
ADDRESS ?= 127.0.0.1
DATA ?= data

.PHONY: run serve test check lint validate coverage deck brief bench sysdeps format derive

# Rebuilt when missing or older than requirements.txt (stale).
$(STAMP): requirements.txt requirements-app.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

# Chromium and CJK fonts for browser tests and static image export.
sysdeps:
	@bash scripts/ensure-sysdeps.sh

# PYTHONPATH: pages import `dashboard` even when a deep link is the first request.
run: $(STAMP)
	PYTHONPATH=$(CURDIR) $(VENV)/bin/streamlit run dashboard/app.py --server.port $(PORT)

# REPLICAS app processes behind Debian's nginx (deploy/) on PORT, until Ctrl-C.
serve: $(STAMP)
	@bash scripts/ensure-sysdeps.sh serve
	$(PY) -m deploy.serve --replicas $(REPLICAS) --port $(PORT) --address $(ADDRESS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .

# Hypothesis draws new examples on every `make test` and the same ones on every `make check`
# (profiles in tests/conftest.py).
test: $(STAMP) sysdeps lint
	$(PY) -m pytest -n 2 --dist loadgroup --hypothesis-profile=test

# The edit-test loop: lint and the fast tests (no browser, images or data-breaking sweeps:
# `@pytest.mark.slow`), the same examples every run.
check: $(STAMP) lint
	$(PY) -m pytest -n 2 -m "not slow and not browser" --hypothesis-profile=check

validate: $(STAMP)
	$(PY) -m dashboard.validate $(DATA)

# Reruns every derivation (data/derive/) on its pinned input, checking its sha256, and
# rewrites exactly the rows it produces in $(DATA); a missing input is named with where to get it.
derive: $(STAMP)
	$(PY) -m data.derive $(DATA)

coverage: $(STAMP)
	$(PY) -m dashboard.validate --coverage $(DATA)

deck: $(STAMP) sysdeps
	mkdir -p out
	$(PY) -m dashboard.export --lang ko --out out/deck-ko.pptx
	$(PY) -m dashboard.export --lang en --out out/deck-en.pptx

# The briefing documents of the overview, both formats and both languages.
brief: $(STAMP) sysdeps
	mkdir -p out
	$(PY) -m dashboard.brief --lang ko --out out/brief-ko.hwpx
	$(PY) -m dashboard.brief --lang ko --out out/brief-ko.docx
	$(PY) -m dashboard.brief --lang en --out out/brief-en.hwpx
	$(PY) -m dashboard.brief --lang en --out out/brief-en.docx

# Every benchmark once (under 15 minutes): a table and benchmarks/results.json. sysdeps:
# Chromium (browser, deck) and nginx (the replicas behind it).
bench: $(STAMP) sysdeps
	$(PY) -m benchmarks.run
