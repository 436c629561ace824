"""Everything that touches RDF: IRIs, triples from records, the store, running queries,
network analysis, export, the server and the command line."""
