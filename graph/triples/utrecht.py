"""Utrecht records (document 002) → graph ``002``.

The six regions (``jgr:jeugdregio-utrecht``) and the province-wide cooperation
(``jgr:bovenregionaal-verband``) with their municipalities; a region's memberships are
derived from the statistics table (``jg:derived true`` and the derivation as
``rdfs:comment``). The scale levels, one ``jg:PurchasingChoice`` per task (its task a
``jgut:`` concept, mapped to the survey's tasks in the ontology), and the statistics as
``jg:Observation`` nodes.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from graph.namespaces import Iris, concept, slug, vocab
from graph.triples import Emitter, lit
from loaders.regional_records import Observation, PurchasingChoice, ScaleLevel, Utrecht2013, UtrechtRegion
from ontology import DEF

UTRECHT_TASK = DEF + "taak-utrecht-2013/"
UTRECHT_MEASURE = DEF + "maat-utrecht-2013/"


def cooperation_node(iris: Iris) -> NamedNode:
    """The proposed supra-regional cooperation of all Utrecht municipalities."""
    return iris.node("samenwerkingsverband", "utrechtse-gemeenten-bovenregionaal-2013")


def region_node(iris: Iris, name: str) -> NamedNode:
    return iris.node("samenwerkingsverband", "jeugdregio-utrecht-2013", slug(name))


def quads(doc: Utrecht2013, out: Emitter) -> None:
    """All of document 002."""
    cooperation = cooperation_node(out.iris)
    out.typed(cooperation, "Arrangement", "Bovenregionale samenwerking Utrechtse gemeenten (voorstel 2013)", "nl")
    out.add(cooperation, vocab("arrangementType"), concept("arrangement", "bovenregionaal-verband"))
    out.add(cooperation, vocab("statedMemberCount"), len(doc.cooperation_members))
    out.evidence(cooperation, doc.cooperation_evidence)
    for m in doc.cooperation_members:
        out.membership(cooperation, out.iris.municipality(m.code), m.evidence, m.printed)
    for region in doc.regions:
        _region(region, cooperation, out)
    for level in doc.scale_levels:
        _scale_level(level, cooperation, out)
    for choice in doc.purchasing:
        _purchasing(choice, cooperation, out)
    for obs in doc.observations:
        _observation(obs, cooperation, out)


def _region(region: UtrechtRegion, cooperation: NamedNode, out: Emitter) -> None:
    node = region_node(out.iris, region.name)
    out.typed(node, "Arrangement", region.name, "nl")
    out.add(node, vocab("arrangementType"), concept("arrangement", "jeugdregio-utrecht"))
    out.add(node, vocab("inhabitants"), region.inhabitants)
    out.add(node, "org:subOrganizationOf", cooperation)
    out.add(cooperation, "org:hasSubOrganization", node)
    out.evidence(node, region.evidence)
    for m in region.members:
        ms = out.membership(node, out.iris.municipality(m.code), m.evidence, m.printed)
        out.add(ms, vocab("derived"), True)
        out.add(ms, "rdfs:comment", lit(region.derivation, "en"))
        out.evidence(ms, region.evidence)


def _scale_level(level: ScaleLevel, cooperation: NamedNode, out: Emitter) -> None:
    node = out.iris.node("utrecht-2013", "schaalniveau", level.level)
    out.typed(node, "ScaleLevel", level.printed, "nl")
    out.add(node, vocab("scaleLevel"), concept("level", level.level))
    out.add(node, vocab("proposedBy"), cooperation)
    if level.min_inhabitants is not None:
        out.add(node, vocab("minInhabitants"), level.min_inhabitants)
    if level.max_inhabitants is not None:
        out.add(node, vocab("maxInhabitants"), level.max_inhabitants)
    if level.criterion:
        out.add(node, vocab("scaleCriterion"), lit(level.criterion, "nl"))
    out.evidence(node, level.evidence)


def _purchasing(choice: PurchasingChoice, cooperation: NamedNode, out: Emitter) -> None:
    node = out.iris.node("utrecht-2013", "inkoop", choice.task)
    out.typed(node, "PurchasingChoice", choice.printed, "nl")
    out.add(node, vocab("purchasedTask"), NamedNode(UTRECHT_TASK + choice.task))
    out.add(node, vocab("proposedBy"), cooperation)
    for level in choice.levels:
        out.add(node, vocab("purchasingLevel"), concept("level", level))
    out.add(node, vocab("purchasingLevelList"), "|".join(choice.levels))
    out.add(node, vocab("levelText"), choice.level_text)
    out.add(node, vocab("taskText"), choice.printed)
    out.evidence(node, choice.evidence)


def _observation(obs: Observation, cooperation: NamedNode, out: Emitter) -> None:
    area = out.iris.municipality(obs.municipality) if obs.municipality else cooperation
    node = out.iris.node("utrecht-2013", "waarneming", obs.municipality or "totaal", obs.measure)
    out.typed(node, "Observation")
    out.add(node, vocab("refArea"), area)
    out.add(node, vocab("measure"), NamedNode(UTRECHT_MEASURE + obs.measure))
    out.add(node, vocab("valueText"), obs.text)
    if obs.value is not None:
        out.add(node, vocab("observedValue"), obs.value)
    if obs.at_most is not None:
        out.add(node, vocab("atMost"), obs.at_most)
    out.evidence(node, obs.evidence)

