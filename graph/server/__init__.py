"""The jeugdgraaf server: a SPARQL 1.1 Protocol endpoint and the web explorer in one process.

- :mod:`graph.server.app` — the app object and its route table;
- :mod:`graph.server.http` — requests, responses, the threading HTTP server;
- :mod:`graph.server.sparql` — the protocol at ``/sparql``; :mod:`graph.server.formats`
  its content-negotiation table; :mod:`graph.server.pool` / :mod:`graph.server.execute`
  the query workers with deadlines and the result-size limit;
- :mod:`graph.server.pages`, :mod:`graph.server.catalogue`, :mod:`graph.server.lookup`,
  :mod:`graph.server.network` — the explorer; templates in ``templates/``, our own CSS
  and JS in ``static/``, the npm libraries through :mod:`graph.server.assets`.
"""
