"""Records of the two regional documents: Rotterdam 2012 (001) and Utrecht 2013 (002).

Like :mod:`loaders.records`, plain frozen dataclasses with their :class:`Evidence`; the
graph builders (``graph/triples/rotterdam.py``, ``graph/triples/utrecht.py``) turn them
into triples. Amounts are whole euros (``int``), written as ``xsd:decimal`` in the graph.
Municipalities reuse :class:`loaders.records.Member` (printed name, CBS code, evidence).
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.records import Evidence, Member, Merger

# --- 001: Stadsregio Rotterdam, programmaplan Decentralisatie Jeugdzorg (2012) ------------


@dataclass(frozen=True)
class FormerMunicipality:
    """A municipality that took part in 2012 and ended on 1 January 2013 (RvIG row)."""

    code: str  # CBS code it had, "GM0504"
    name: str  # name in RvIG table 33
    province_code: str  # province of the municipality it merged into
    evidence: Evidence  # its RvIG row


@dataclass(frozen=True)
class RotterdamSubRegion:
    """A sub-region the plan names (NWN, BAR, Voorne-Putten, LKC, Rotterdam).

    The plan gives no member lists; ``members`` is filled only where the name itself is a
    municipality (the sub-region Rotterdam is the city).
    """

    name: str
    evidence: Evidence
    members: tuple[Member, ...] = ()


@dataclass(frozen=True)
class WorkingGroup:
    """A body of the common agenda (§5.2.2): thematic working group, werkatelier, meeting."""

    key: str  # slug of the name
    name: str  # as printed, without the list numbering ("Werkgroep: sturing & financiering")
    kind: str  # "werkgroep", "werkatelier", "werkbijeenkomst"
    evidence: Evidence


@dataclass(frozen=True)
class Opgave:
    """One row of table 5.1: a development task, its theme, joint or local, working form.

    ``agenda`` is ``gemeenschappelijk`` (joint: the 19 municipalities) or ``lokaal`` (each
    municipality or sub-region); ``working_group`` the key of the :class:`WorkingGroup`
    whose list in §5.2.2 names this opgave (joint opgaven only).
    """

    number: int  # 1-based order in the table
    title: str
    theme: str
    agenda: str
    work_form: str  # the table's last cell after the decision, as printed ("" when none)
    evidence: Evidence
    working_group: str | None = None
    working_group_evidence: Evidence | None = None


@dataclass(frozen=True)
class PilotTheme:
    """A theme of the programme-driven pilots (§6.4), or the simulation for zorginkoop."""

    name: str
    kind: str  # "proeftuin" or "simulatie"
    topics: tuple[str, ...]
    evidence: Evidence


@dataclass(frozen=True)
class TaskTransfer:
    """A task held before 2015 by ``holder`` that passes to the municipalities (§10.4)."""

    task: str  # key of the transferred-task concept (ontology jgrt:)
    printed: str  # the phrase as printed
    holder: str  # the heading as printed ("De Stadsregio Rotterdam")
    holder_org: str | None  # organisation id (loaders/data/organisations.csv), if resolved
    year: int  # year the municipalities take it over
    evidence: Evidence


@dataclass(frozen=True)
class BudgetLine:
    """One line of the 2012 budget: a source of funds, a cost item, or an earmarked grant."""

    side: str  # "bron" (source), "kosten" (cost), "doeluitkering" (earmarked grant)
    label: str  # as printed (wrapped parts joined)
    amount: int  # whole euros
    year: int
    evidence: Evidence
    funder: str | None = None  # organisation id, or "programma" for the 19 municipalities
    funder_evidence: Evidence | None = None


@dataclass(frozen=True)
class Rotterdam2012:
    """Everything read from document 001."""

    stadsregio_org: str | None  # organisation id of the Stadsregio Rotterdam, if resolved
    stadsregio_evidence: Evidence  # "intergemeentelijk samenwerkingsverband van 15 gemeenten"
    members: tuple[Member, ...]  # the 15 stadsregio members (Bijlage 1, PHO)
    participants: tuple[Member, ...]  # the 4 taking part without membership (old codes)
    participants_evidence: Evidence  # the paragraph saying they are not members
    former: tuple[FormerMunicipality, ...]
    merger: Merger  # into Goeree-Overflakkee, 1 January 2013 (RvIG)
    programme_evidence: Evidence  # "de 19 gemeenten" (note to table 5.1)
    subregions: tuple[RotterdamSubRegion, ...]
    working_groups: tuple[WorkingGroup, ...]
    opgaven: tuple[Opgave, ...]
    pilots: tuple[PilotTheme, ...]
    transfers: tuple[TaskTransfer, ...]
    budget: tuple[BudgetLine, ...]


# --- 002: Utrechtse gemeenten, voorstel bovenlokale samenwerking (2013) -------------------


@dataclass(frozen=True)
class UtrechtRegion:
    """One of the six regions, with its inhabitants (1 October 2012) and members.

    The document prints no member list; ``members`` are derived from the statistics table
    (see :mod:`loaders.utrecht2013`), which ``derivation`` explains.
    """

    name: str  # as printed, footnote marker removed
    inhabitants: int
    evidence: Evidence
    members: tuple[Member, ...] = ()
    derivation: str = ""


@dataclass(frozen=True)
class ScaleLevel:
    """A scale level with its indicative population range (table in §2)."""

    level: str  # level key: lokaal, regionaal, bovenregionaal, landelijk
    printed: str  # the whole row as printed
    evidence: Evidence
    min_inhabitants: int | None = None
    max_inhabitants: int | None = None
    criterion: str = ""  # the text when the level is not a population range


@dataclass(frozen=True)
class PurchasingChoice:
    """One row of the task table: a task and the level(s) at which it is purchased."""

    task: str  # key of the Utrecht task concept (ontology jgut:)
    printed: str  # task label as printed, wrapped parts joined
    levels: tuple[str, ...]  # level keys in the order printed
    level_text: str  # the level cell as printed
    evidence: Evidence


@dataclass(frozen=True)
class Observation:
    """One cell of the municipal statistics table (Bijlage): municipality × measure.

    ``value`` is ``None`` when the table prints a censored value ("10 of minder"), which
    ``at_most`` then holds; ``municipality`` is ``None`` for the unlabelled total row.
    """

    municipality: str | None  # CBS code
    measure: str  # key of the measure concept (ontology jgum:)
    text: str  # the value as printed
    evidence: Evidence
    value: int | None = None
    at_most: int | None = None


@dataclass(frozen=True)
class Utrecht2013:
    """Everything read from document 002."""

    regions: tuple[UtrechtRegion, ...]
    cooperation_members: tuple[Member, ...]  # the 26 municipalities (statistics table)
    cooperation_evidence: Evidence  # "samenwerking met, indicatief, alle Utrechtse gemeenten"
    scale_levels: tuple[ScaleLevel, ...]
    purchasing: tuple[PurchasingChoice, ...]
    observations: tuple[Observation, ...]
