# jeugdgraaf — the two commands of the quick start:
#   make run    set up everything, build the graph from the shipped facts, run canned queries
#   make test   set up everything and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup facts ontology-doc bench clean

NODE_STAMP := node_modules/.installed

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Front-end libraries of the explorer (YASGUI, Cytoscape.js), pinned by package-lock.json.
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Debian's Chromium for the end-to-end browser tests (Playwright drives it; never downloads one).
/usr/bin/chromium:
	apt-get update -qq && apt-get install -y -qq chromium >/dev/null

setup: $(STAMP) $(NODE_STAMP)

run: setup
	$(BIN)/jeugdgraaf build
	$(BIN)/jeugdgraaf query run region-tasks
	$(BIN)/jeugdgraaf query run region-member-counts

# Debian's Virtuoso for the second real triplestore of the remote and push tests.
/usr/bin/virtuoso-t:
	apt-get update -qq && apt-get install -y -qq virtuoso-opensource-7-bin >/dev/null

test: setup /usr/bin/chromium /usr/bin/virtuoso-t
	$(BIN)/pytest -q

# Regenerate the shipped facts from ../shared (commit the result).
facts: setup
	$(BIN)/jeugdgraaf extract

ontology-doc: setup
	$(BIN)/jeugdgraaf ontology-doc -o docs/ONTOLOGY.md

# The full benchmark (about 15 minutes); it rewrites docs/PERFORMANCE.md and docs/performance.png.
bench: setup
	$(BIN)/pip install --quiet -e '.[bench]'
	command -v wrk >/dev/null && command -v hyperfine >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk hyperfine >/dev/null)
	$(BIN)/python -m benchmarks --scale 1,10,100 --json benchmarks.json --write-docs

clean:
	rm -rf $(VENV) .pytest_cache
