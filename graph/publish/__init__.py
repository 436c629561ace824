"""Publishing the graph: deterministic dumps, their VoID/DCAT description, the JSON-LD
context and compactor, the ontology page, and pushing to remote stores.

- :mod:`graph.publish.export` — dumps in six RDF formats, streamed from the store;
- :mod:`graph.publish.describe` — the VoID/DCAT description of the dataset;
- :mod:`graph.publish.push` — the SPARQL 1.1 Graph Store HTTP Protocol client;
- :mod:`graph.publish.jsonld`, :mod:`graph.publish.context` — JSON-LD and its context;
- :mod:`graph.publish.ontology_page` — the human-readable page of the ontology.
"""
