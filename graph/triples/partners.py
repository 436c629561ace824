"""Partner, financier and coordinator records of the 2013 survey → graph ``000``.

The facts are what document 000 says (the reviewer only helped read it), so they go into
the survey's own named graph; a node that a curation table supplied carries
``jg:curated true``. Each partner mention is an n-ary ``jg:PartnerMention`` (region,
organisation, section, implicit, printed name, evidence) plus the shortcut
``region jg:worksWith organisation``; each unit × financier kind one ``jg:FinancierContact``.
The printed spellings become ``skos:altLabel`` of the organisation, here, in graph 000.
"""

from __future__ import annotations

from collections import defaultdict

from pyoxigraph import NamedNode

from graph.namespaces import concept, term, vocab
from graph.triples import Emitter, lit
from graph.triples.organisations import organisation_node
from loaders.organisations import OrganisationIndex
from loaders.survey2013_partners import Coordinator, FinancierContact, PartnerMention, Partners2013


def quads(records: Partners2013, out: Emitter) -> None:
    """Every partner mention, financier contact and coordinator."""
    index = OrganisationIndex.load()
    groups: dict[tuple[str, str, str], list[PartnerMention]] = defaultdict(list)
    for mention in records.partners:
        groups[(mention.survey_id, mention.organisation, mention.section)].append(mention)
    for group in groups.values():
        _partner(group, index, out)
    for contact in records.financiers:
        _financier(contact, index, out)
    for coordinator in records.coordinators:
        _coordinator(coordinator, index, out)


def _partner(mentions: list[PartnerMention], index: OrganisationIndex, out: Emitter) -> None:
    """One node per region, organisation and section, however often the section names it.

    It is implicit only when every mention is, curated only when every mention is.
    """
    first = mentions[0]
    region = out.iris.survey_region(first.survey_id)
    org = organisation_node(out.iris, index.get(first.organisation))
    node = NamedNode(f"{region.value}/partner/{first.organisation}/{first.section}")
    out.typed(node, "PartnerMention")
    out.add(node, vocab("region"), region)
    out.add(node, vocab("organisation"), org)
    out.add(node, vocab("section"), first.section)
    out.add(node, vocab("implicit"), all(m.implicit for m in mentions))
    out.add(node, vocab("curated"), all(m.curated for m in mentions))
    out.add(region, vocab("worksWith"), org)
    for m in mentions:
        out.add(node, vocab("printedName"), m.printed)
        out.evidence(node, m.evidence)
        if not m.implicit:
            out.add(org, "skos:altLabel", lit(m.printed, "nl"))


def _financier(c: FinancierContact, index: OrganisationIndex, out: Emitter) -> None:
    region = out.iris.survey_region(c.survey_id)
    node = NamedNode(f"{region.value}/financier/{c.kind}")
    out.typed(node, "FinancierContact")
    out.add(node, vocab("region"), region)
    out.add(node, vocab("financierKind"), concept("organisation", c.kind))
    out.add(node, vocab("inContact"), concept("answer", c.in_contact))
    out.add(node, vocab("curated"), c.in_contact != "unknown")
    if c.answer_text:
        out.add(node, vocab("answerText"), c.answer_text)
    for org_id in c.financiers:
        out.add(node, vocab("financier"), organisation_node(out.iris, index.get(org_id)))
    for printed in c.printed:
        out.add(node, vocab("printedName"), printed)
    for evidence in c.evidence:
        out.evidence(node, evidence)


def _coordinator(c: Coordinator, index: OrganisationIndex, out: Emitter) -> None:
    region = out.iris.survey_region(c.survey_id)
    if c.municipality:
        target = out.iris.municipality(c.municipality)
    else:
        assert c.organisation is not None  # the loader guarantees one of the two
        target = organisation_node(out.iris, index.get(c.organisation))
    out.add(region, vocab("coordinatedBy"), target)
    out.add(target, vocab("webDomain"), c.domain)
    out.add(target, "rdf:type", term("org:Organization"))

