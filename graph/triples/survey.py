"""Survey records (document 000) → survey regions, memberships, task assignments, governance."""

from __future__ import annotations

from pyoxigraph import NamedNode

from graph.namespaces import concept, vocab
from graph.triples import Emitter, lit
from loaders.records import GovernanceAnswer, Survey, SurveyUnit, TaskCell


def quads(survey: Survey, out: Emitter) -> None:
    """Every answering unit with all it says."""
    for unit in survey.units:
        _unit(unit, out)


def _unit(unit: SurveyUnit, out: Emitter) -> None:
    node = out.iris.survey_region(unit.survey_id)
    out.typed(node, "SurveyRegion", unit.name)
    out.add(node, "dcterms:identifier", unit.survey_id)
    out.add(node, vocab("arrangementType"), concept("arrangement", "jeugdzorgregio-2013"))
    out.evidence(node, unit.evidence)
    if unit.parent:
        out.add(node, "org:subOrganizationOf", out.iris.survey_region(unit.parent))
        out.add(out.iris.survey_region(unit.parent), "org:hasSubOrganization", node)
    for member in unit.members:
        out.membership(node, out.iris.municipality(member.code), member.evidence, member.printed)
    for sub in unit.subregions:
        sub_node = out.iris.subregion(unit.survey_id, sub.name)
        out.typed(sub_node, "SubRegion", sub.name)
        out.add(sub_node, vocab("arrangementType"), concept("arrangement", "subregio-2013"))
        out.add(sub_node, "org:subOrganizationOf", node)
        out.add(node, "org:hasSubOrganization", sub_node)
        out.evidence(sub_node, sub.evidence)
        for member in sub.members:
            out.membership(sub_node, out.iris.municipality(member.code), member.evidence, member.printed)
    for cell in unit.tasks:
        _task(node, unit.survey_id, cell, out)
    for answer in unit.governance:
        _governance(node, answer, out)
    for field in unit.adjacent_fields:
        out.add(node, vocab("adjacentPolicyField"), lit(field, "nl"))


def _task(region: NamedNode, survey_id: str, cell: TaskCell, out: Emitter) -> None:
    """The n-ary task assignment: region × task → levels, status, the cell as printed."""
    node = NamedNode(f"{region.value}/taak/{cell.task}")
    out.typed(node, "TaskAssignment")
    out.add(node, vocab("region"), region)
    out.add(node, vocab("task"), concept("task", cell.task))
    for level in cell.levels:
        out.add(node, vocab("level"), concept("level", level))
    out.add(node, vocab("levelList"), "|".join(cell.levels))
    if cell.status:
        out.add(node, vocab("status"), concept("status", cell.status))
    out.add(node, vocab("statusDerived"), cell.status_derived)
    out.add(node, vocab("levelText"), cell.level_text)
    out.add(node, vocab("statusText"), cell.status_text)
    out.add(node, vocab("cellText"), cell.cell_text)
    out.evidence(node, cell.evidence)


def _governance(region: NamedNode, answer: GovernanceAnswer, out: Emitter) -> None:
    node = NamedNode(f"{region.value}/governance/{answer.question}")
    out.typed(node, "GovernanceAnswer")
    out.add(node, vocab("region"), region)
    out.add(node, vocab("question"), concept("question", answer.question))
    out.add(node, vocab("answer"), concept("answer", answer.code))
    out.add(node, vocab("answerText"), answer.text)
    out.evidence(node, answer.evidence)
