"""Quoted lines → ``jg:quotedText`` on each text span, in graph ``sources``.

The span's IRI is the one :meth:`Emitter.evidence` mints, so the quote attaches to the
span every fact already points to; the lines are joined with newlines and start at the
span's ``jg:firstLine`` (a long span quotes only its first lines, see loaders.quotes).
"""

from __future__ import annotations

from graph.namespaces import vocab
from graph.triples import Emitter
from loaders.quotes import Quotes


def quads(quotes: Quotes, out: Emitter) -> None:
    for quote in quotes.quotes:
        span = out.iris.span(quote.source, quote.first, quote.last)
        out.add(span, vocab("quotedText"), "\n".join(quote.lines))
