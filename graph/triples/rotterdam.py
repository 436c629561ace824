"""Rotterdam records (document 001) → graph ``001``.

Two arrangements: the Stadsregio Rotterdam (its 15 members, role ``jgrol:lid``) and the
programme's 'samenwerkende gemeenten in de regio Rotterdam' (the 19: the 15 as
``jgrol:deelnemer``, the four Goeree-Overflakkee municipalities as
``jgrol:deelnemer-zonder-lidmaatschap``). The stadsregio takes the IRI of the organisation
table (``organisatie/stadsregio-rotterdam``), so the financier of the survey and the
arrangement of this plan are one resource. The four former municipalities are described
here (they are not in the 2013 classification) with their merger into Goeree-Overflakkee.
"""

from __future__ import annotations

from functools import lru_cache

from pyoxigraph import Literal, NamedNode

from graph.namespaces import Iris, concept, slug, vocab
from graph.triples import XSD, Emitter, lit
from graph.triples.organisations import organisation_node
from graph.triples.reference import merger_event, municipality_node
from loaders.organisations import OrganisationIndex
from loaders.regional_records import BudgetLine, Opgave, PilotTheme, Rotterdam2012, TaskTransfer, WorkingGroup
from ontology import DEF

ROLE = DEF + "rol/"
AGENDA = DEF + "agenda/"
TRANSFER_TASK = DEF + "taak-rotterdam-2012/"
PROGRAMME_FUNDER = "programma"


def quads(doc: Rotterdam2012, out: Emitter) -> None:
    """All of document 001."""
    stadsregio = _stadsregio(doc, out)
    programme = programme_node(out.iris)
    _programme(doc, programme, out)
    _former(doc, out)
    for sub in doc.subregions:
        node = out.iris.node("samenwerkingsverband", "stadsregio-rotterdam", slug(sub.name))
        out.typed(node, "SubRegion", sub.name)
        out.add(node, vocab("arrangementType"), concept("arrangement", "subregio-stadsregio"))
        out.add(node, "org:subOrganizationOf", stadsregio)
        out.add(stadsregio, "org:hasSubOrganization", node)
        out.evidence(node, sub.evidence)
        for m in sub.members:
            out.membership(node, out.iris.municipality(m.code), m.evidence, m.printed)
    groups = {g.key: _working_group(g, programme, out) for g in doc.working_groups}
    for opgave in doc.opgaven:
        _opgave(opgave, programme, groups, out)
    for pilot in doc.pilots:
        _pilot(pilot, programme, out)
    for transfer in doc.transfers:
        _transfer(transfer, programme, out)
    for line in doc.budget:
        _budget(line, programme, out)


def programme_node(iris: Iris) -> NamedNode:
    """The 19 'samenwerkende gemeenten in de regio Rotterdam' of the programme."""
    return iris.node("samenwerkingsverband", "samenwerkende-gemeenten-regio-rotterdam")


@lru_cache(maxsize=1)
def _organisations() -> OrganisationIndex:
    return OrganisationIndex.load()


def org_node(iris: Iris, org_id: str) -> NamedNode:
    """The IRI the organisation table gives ``org_id`` (a province keeps its CBS IRI)."""
    return organisation_node(iris, _organisations().get(org_id))


def _stadsregio(doc: Rotterdam2012, out: Emitter) -> NamedNode:
    org = _organisations().get(doc.stadsregio_org) if doc.stadsregio_org else None
    node = organisation_node(out.iris, org) if org else out.iris.organisation("Stadsregio Rotterdam")
    # a canonical organisation has its label in the curation graph already: one label, one graph
    out.typed(node, "Arrangement", None if org else "Stadsregio Rotterdam", "nl")
    out.add(node, vocab("arrangementType"), concept("arrangement", "stadsregio"))
    out.add(node, vocab("statedMemberCount"), len(doc.members))
    out.evidence(node, doc.stadsregio_evidence)
    for m in doc.members:
        out.membership(node, out.iris.municipality(m.code), m.evidence, m.printed, NamedNode(ROLE + "lid"))
    return node


def _programme(doc: Rotterdam2012, node: NamedNode, out: Emitter) -> None:
    out.typed(node, "Arrangement", "Samenwerkende gemeenten in de regio Rotterdam (programma Decentralisatie Jeugdzorg)", "nl")
    out.add(node, vocab("arrangementType"), concept("arrangement", "programma-samenwerking"))
    out.add(node, vocab("statedMemberCount"), len(doc.members) + len(doc.participants))
    out.evidence(node, doc.programme_evidence)
    for m in doc.members:
        out.membership(node, out.iris.municipality(m.code), m.evidence, m.printed, NamedNode(ROLE + "deelnemer"))
    for m in doc.participants:
        ms = out.membership(node, out.iris.municipality(m.code), m.evidence, m.printed, NamedNode(ROLE + "deelnemer-zonder-lidmaatschap"))
        out.evidence(ms, doc.participants_evidence)


def _former(doc: Rotterdam2012, out: Emitter) -> None:
    """The four municipalities that ended on 1 January 2013, and their merger (ORG change event)."""
    event = merger_event(doc.merger, out)
    out.evidence(event, doc.participants_evidence)
    for m in doc.former:
        out.evidence(municipality_node(m.code, m.name, m.province_code, out), m.evidence)


def _working_group(group: WorkingGroup, programme: NamedNode, out: Emitter) -> NamedNode:
    node = out.iris.node("rotterdam-2012", "werkgroep", group.key)
    out.typed(node, "org:OrganizationalUnit", group.name, "nl")
    out.add(node, "org:unitOf", programme)
    out.add(programme, "org:hasUnit", node)
    out.add(node, vocab("workingGroupKind"), group.kind)
    out.evidence(node, group.evidence)
    return node


def _opgave(opgave: Opgave, programme: NamedNode, groups: dict[str, NamedNode], out: Emitter) -> None:
    node = out.iris.node("rotterdam-2012", "opgave", str(opgave.number))
    out.typed(node, "Opgave", opgave.title, "nl")
    out.add(node, "dcterms:identifier", str(opgave.number))
    out.add(node, vocab("programme"), programme)
    out.add(node, vocab("theme"), lit(opgave.theme, "nl"))
    out.add(node, vocab("agendaChoice"), NamedNode(AGENDA + opgave.agenda))
    if opgave.work_form:
        out.add(node, vocab("workForm"), opgave.work_form)
    out.evidence(node, opgave.evidence)
    if opgave.working_group:
        out.add(node, vocab("workingGroup"), groups[opgave.working_group])
        if opgave.working_group_evidence:
            out.evidence(node, opgave.working_group_evidence)


def _pilot(pilot: PilotTheme, programme: NamedNode, out: Emitter) -> None:
    node = out.iris.node("rotterdam-2012", "proeftuin", slug(pilot.name))
    out.typed(node, "PilotTheme", pilot.name, "nl")
    out.add(node, vocab("programme"), programme)
    out.add(node, vocab("pilotKind"), pilot.kind)
    for topic in pilot.topics:
        out.add(node, vocab("topic"), lit(topic, "nl"))
    out.evidence(node, pilot.evidence)


def _transfer(transfer: TaskTransfer, programme: NamedNode, out: Emitter) -> None:
    node = out.iris.node("rotterdam-2012", "overdracht", transfer.task)
    out.typed(node, "TaskTransfer", f"{transfer.holder}: {transfer.printed}", "nl")
    out.add(node, vocab("transferredTask"), NamedNode(TRANSFER_TASK + transfer.task))
    out.add(node, vocab("taskText"), transfer.printed)
    out.add(node, vocab("holderText"), transfer.holder)
    if transfer.holder_org:
        out.add(node, vocab("heldBy"), org_node(out.iris, transfer.holder_org))
    out.add(node, vocab("passesTo"), programme)
    out.add(node, vocab("transferYear"), Literal(str(transfer.year), datatype=NamedNode(XSD + "gYear")))
    out.evidence(node, transfer.evidence)


def _budget(line: BudgetLine, programme: NamedNode, out: Emitter) -> None:
    node = out.iris.node("rotterdam-2012", "begroting", f"{line.side}-{line.year}-{slug(line.label)}")
    out.typed(node, "BudgetLine", line.label, "nl")
    out.add(node, vocab("programme"), programme)
    out.add(node, vocab("budgetSide"), line.side)
    out.add(node, vocab("amountEUR"), Literal(str(line.amount), datatype=NamedNode(XSD + "decimal")))
    out.add(node, vocab("budgetYear"), Literal(str(line.year), datatype=NamedNode(XSD + "gYear")))
    out.evidence(node, line.evidence)
    if line.funder:
        funder = programme if line.funder == PROGRAMME_FUNDER else org_node(out.iris, line.funder)
        out.add(node, vocab("funder"), funder)
        if line.funder_evidence and line.funder_evidence != line.evidence:
            out.evidence(node, line.funder_evidence)
