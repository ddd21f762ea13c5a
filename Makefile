# litbot developer commands. `make test` is what CI runs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test lint install bench demo clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Lint first (ruff, then mypy over bot/ and classifiers/, both configured in pyproject.toml), then the suite
# on every core (pytest-xdist); WORKERS=0 runs it in one process.
WORKERS ?= auto
test: lint
	$(BIN)/python -m pytest -q -n $(WORKERS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# The demo: offline, on the shipped survey README and one recorded arXiv day (a real day of the stream).
DEMO := work/demo
DEMO_DAY := 2025-06-10
DEMO_CLONE := $(DEMO)/Efficient-LLMs-Survey

demo: $(STAMP)
	@rm -rf $(DEMO) && mkdir -p $(DEMO_CLONE)
	@cp data/survey_README.md $(DEMO_CLONE)/README.md
	@git -C $(DEMO_CLONE) init -q -b main
	@git -C $(DEMO_CLONE) add README.md
	@git -C $(DEMO_CLONE) -c user.name=demo -c user.email=demo@example.org commit -q -m "Survey README snapshot"
	@echo "$$ litbot run --load data/samples/arxiv-$(DEMO_DAY).atom.xml --local $(DEMO_CLONE)"
	@$(BIN)/litbot run --load data/samples/arxiv-$(DEMO_DAY).atom.xml --local $(DEMO_CLONE) \
		--state $(DEMO)/state.sqlite > $(DEMO)/summary.txt; status=$$?; \
	echo "== branch litbot/arxiv-$(DEMO_DAY): one commit per proposed paper"; \
	git -C $(DEMO_CLONE) log --format='%h %s' main..litbot/arxiv-$(DEMO_DAY); \
	echo "== PR body ($(DEMO_CLONE)/.git/litbot/arxiv-$(DEMO_DAY).md)"; \
	cat $(DEMO_CLONE)/.git/litbot/arxiv-$(DEMO_DAY).md; \
	echo "== summary"; cat $(DEMO)/summary.txt; exit $$status

bench: $(STAMP)
	for b in bench/*_bench.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
