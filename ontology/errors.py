"""The root of every error the project raises on purpose.

It lives in the bottom layer because every other layer must be able to derive from it:
``loaders/`` may import nothing but its own modules and this one, ``queries/`` only
``ontology/``. The class holds no behaviour, so the vocabulary package stays data.
"""

from __future__ import annotations


class JeugdgraafError(Exception):
    """Base of the project's own errors: the message is meant for the user, not a traceback.

    The command line turns any of them into one line on stderr and exit status 1; the
    server into an error page or a SPARQL protocol error.
    """
