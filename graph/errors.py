"""Errors of the graph layer. The CLI turns them into a message on stderr and exit 1."""

from __future__ import annotations

from ontology.errors import JeugdgraafError


class GraphError(JeugdgraafError):
    """Base of the errors the graph layer raises on purpose."""


class ValidationError(GraphError):
    """The built graph violates the SHACL shapes; ``report`` is the readable report."""

    def __init__(self, report: str, violations: int) -> None:
        self.report = report
        self.violations = violations
        super().__init__(f"the graph violates the SHACL shapes ({violations} violations):\n{report}")


class StoreError(GraphError):
    """The store cannot be opened, built or read."""


class EndpointError(GraphError):
    """A remote SPARQL endpoint is unreachable or answered with an error."""


class SettingError(GraphError, ValueError):
    """A setting is invalid (a base IRI from ``--base`` or ``JEUGDGRAAF_BASE`` …).

    Also a ``ValueError``, which is what it is to callers of the library."""
