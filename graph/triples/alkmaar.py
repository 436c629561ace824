"""Document 003 records → Regio Alkmaar, Noord-Holland Noord, projects, functions.

Arrangements are ``jg:Arrangement`` with memberships through :meth:`Emitter.membership`;
Noord-Holland Noord's members are stated too, marked ``jg:derived`` (they follow from
the sub-region each is named in). A project's leads, partners and named care providers
are n-ary ``jg:ProjectParticipation`` nodes keeping the printed name, with
``jg:ledBy`` / ``jg:hasPartner`` / ``jg:namesProvider`` shortcuts where the name resolves.
Organisations are only pointed at (:func:`organisation_node`); the organisation table's
own builder describes them.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from graph.namespaces import Iris, concept, slug, vocab
from graph.triples import Emitter, lit
from graph.triples.organisations import organisation_node
from loaders.alkmaar2016 import Alkmaar2016, Arrangement, Party, Project
from loaders.organisations import OrganisationIndex
from ontology import DEF

SOURCE = "003"
ROLE = DEF + "projectrol/"
SIDE = DEF + "projectkant/"
SHORTCUT = {"lead": "ledBy", "partner": "hasPartner", "provider": "namesProvider"}


def arrangement_node(iris: Iris, key: str) -> NamedNode:
    return iris.node("samenwerking", key)


def quads(doc: Alkmaar2016, out: Emitter) -> None:
    """Everything document 003 says, into the named graph of 003."""
    organisations = OrganisationIndex.load()
    by_key = {a.key: a for a in doc.arrangements}
    for arrangement in doc.arrangements:
        _arrangement(arrangement, out)
    for arrangement in doc.arrangements:
        if arrangement.parent:
            _derived_parent_memberships(arrangement, by_key[arrangement.parent], out)
    agenda = arrangement_node(out.iris, "regio-alkmaar")
    for project in doc.projects:
        _project(project, agenda, organisations, out)
    nhn = arrangement_node(out.iris, "noord-holland-noord")
    for function in doc.functions:
        node = out.iris.node("functie", SOURCE, slug(function.name))
        out.typed(node, "SupraRegionalFunction", function.name, "nl")
        out.add(node, vocab("organisedBy"), nhn)
        for task in function.tasks:
            out.add(node, "skos:relatedMatch", concept("task", task))
        out.evidence(node, function.evidence)


def _arrangement(a: Arrangement, out: Emitter) -> None:
    node = arrangement_node(out.iris, a.key)
    out.typed(node, "Arrangement", a.name)
    out.add(node, vocab("arrangementType"), concept("arrangement", a.kind))
    out.evidence(node, a.evidence)
    if a.stated_size is not None:
        out.add(node, vocab("statedMemberCount"), a.stated_size)
    if a.parent and a.parent_evidence:
        parent = arrangement_node(out.iris, a.parent)
        out.add(node, "org:subOrganizationOf", parent)
        out.add(parent, "org:hasSubOrganization", node)
        out.evidence(node, a.parent_evidence)
    for member in a.members:
        out.membership(node, out.iris.municipality(member.code), member.evidence, member.printed)


def _derived_parent_memberships(sub: Arrangement, parent: Arrangement, out: Emitter) -> None:
    """A municipality in a sub-region is a member of the whole: stated, marked derived."""
    parent_node = arrangement_node(out.iris, parent.key)
    for member in sub.members:
        node = out.membership(parent_node, out.iris.municipality(member.code), member.evidence, member.printed)
        if sub.parent_evidence:
            out.evidence(node, sub.parent_evidence)
        out.add(node, vocab("derived"), True)


def _project(project: Project, agenda: NamedNode, organisations: OrganisationIndex, out: Emitter) -> None:
    node = out.iris.node("project", SOURCE, str(project.number))
    out.typed(node, "TransformationProject", project.title, "nl")
    out.add(node, "dcterms:identifier", str(project.number))
    out.add(node, "dcterms:title", lit(project.annex_title, "nl"))
    out.add(node, vocab("agenda"), agenda)
    if project.priority:
        out.add(node, vocab("priority"), project.priority)
    out.evidence(node, project.evidence)
    out.evidence(node, project.annex)
    for party in project.parties:
        _party(node, party, organisations, out)


def _party(project: NamedNode, party: Party, organisations: OrganisationIndex, out: Emitter) -> None:
    node = NamedNode(f"{project.value}/{party.role}/{party.evidence.first}-{slug(party.printed)}")
    out.typed(node, "ProjectParticipation")
    out.add(node, vocab("project"), project)
    out.add(node, vocab("projectRole"), NamedNode(ROLE + party.role))
    out.add(node, vocab("printedName"), party.printed)
    out.add(node, vocab("curated"), party.curated)
    if party.side:
        out.add(node, vocab("projectSide"), NamedNode(SIDE + party.side))
    target = None
    if party.organisation:
        target = organisation_node(out.iris, organisations.get(party.organisation))
    elif party.arrangement:
        target = arrangement_node(out.iris, party.arrangement)
    if target is not None:
        out.add(node, vocab("party"), target)
        out.add(project, vocab(SHORTCUT[party.role]), target)
    out.evidence(node, party.evidence)
