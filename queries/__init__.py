"""The canned query catalogue: one ``.rq`` file per question, with grlc-style decorators.

The folder is the catalogue: the file stem is the query's name, and no other list of
queries exists. ``queries/catalog.py`` reads the files, validates parameters and binds
them as RDF terms — never by pasting text into the query.
"""
