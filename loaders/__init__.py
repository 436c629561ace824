"""Sources → records: parse the source documents and reference tables into plain records.

Nothing here knows RDF. See ``loaders/records.py`` for the record types and
``loaders/registry.py`` for which loader reads which source.
"""
