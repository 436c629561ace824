# jeugdgraaf — the two commands of the quick start:
#   make run    set up everything, build the graph from the shipped facts, run canned queries
#   make test   set up everything and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup facts ontology-doc bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/jeugdgraaf build
	$(BIN)/jeugdgraaf query run region-tasks
	$(BIN)/jeugdgraaf query run region-member-counts

test: setup
	$(BIN)/pytest -q

# Regenerate the shipped facts from ../shared (commit the result).
facts: setup
	$(BIN)/jeugdgraaf extract

ontology-doc: setup
	$(BIN)/jeugdgraaf ontology-doc -o docs/ONTOLOGY.md

clean:
	rm -rf $(VENV) .pytest_cache
