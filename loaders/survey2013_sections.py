"""The layout of the 2013 survey: answering units, their questions, and answer spans.

The survey is a two-column PDF table flattened to text: each question (several short
lines) comes first, then a blank line, then the answer; nothing marks where an answer
ends except the next question. The questions are the same in every unit, so they are
found by their known openings, in order, and their known words are removed from the
answer: the PDF sometimes puts the first answer words on the question's first line
(``5. Hoe wordt gewerkt aan het Ja, vanaf ...``) or the question's last words in the
middle of the answer (`` ambtenaren in uw regio? door werkbezoeken ...``).

Two blocks follow a Governance Q3 answer without belonging to it: appendices of the
unit itself (the Zuid-Holland-Zuid Toelichting, the Midden-Limburg X-table) and, after
region 13, the joint statement of the Utrecht regions. Each gets a key of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from loaders.errors import SourceError
from loaders.records import TaskCell
from loaders.text import Line, collapse, content_span, is_page_footer

#: Every answering unit, in document order. 34 is West-Brabant's own header (an intro
#: only); its two sub-regions answer separately.
UNIT_IDS: tuple[str, ...] = (
    *(str(i) for i in range(1, 34)),
    "34",
    "34.1",
    "34.2",
    *(str(i) for i in range(35, 42)),
)
HEADER = re.compile(r"^\s*(\d{1,2}(?:\.\d)?)\s+((?:Regio|Profiel|Subregio)\s.*?)\s*$")


@dataclass(frozen=True)
class Question:
    """A survey question: its key, how its first line starts, its full printed text."""

    key: str
    opening: str
    text: str
    required: bool = True

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.text.split())


_Q2_LIST = (
    "- (Passend) onderwijs - Raad voor de Kinderbescherming - Jeugdzorgaanbieders "
    "- Bureaus jeugdzorg - Cliënten(organisaties)"
)
QUESTIONS: tuple[Question, ...] = (
    Question(
        "inhoud_q1",
        r"1\. In hoeverre is er een gedeelde",
        "1. In hoeverre is er een gedeelde visie in de regio over wat er op lokaal, regionaal "
        "en bovenregionaal niveau dient te worden ingekocht en georganiseerd?",
    ),
    Question("inhoud_q2", r"2\. Innovaties", "2. Innovaties vooruitlopend op decentralisatie"),
    Question(
        "inhoud_q3",
        r"3\. Is continu",
        "3. Is continuïteit van zorg een gespreksonderwerp met de huidige financiers en uitvoerders?",
    ),
    Question(
        "inhoud_q4",
        r"4\. In hoeverre wordt",
        "4. In hoeverre wordt er gewerkt aan inhoudelijke afspraken over samenwerking op / "
        "samenhang met aanpalende beleidsterreinen (onderwijs, veiligheid,werk e.d.);",
    ),
    Question(
        "inhoud_q5",
        r"5\. Hoe wordt gewerkt",
        "5. Hoe wordt gewerkt aan het opbouwen van expertise van gemeentelijke bestuurders en "
        "ambtenaren in uw regio?",
    ),
    Question("governance", r"Onderdeel 2", "Onderdeel 2: Governance"),
    Question(
        "governance_q1",
        r"1\. Wat is uw visie",
        "1. Wat is uw visie op het terrein van samenwerking tussen gemeenten en op welke "
        "manier wordt samengewerkt?",
        required=False,
    ),
    Question(
        "governance_q1a",
        r"1a\.",
        "1a. Is er een gedeelde visie en plan van aanpak met een planning tot aan de "
        "transitie, inclusief financiële, personele planning?",
        required=False,
    ),
    Question(
        "governance_q1b",
        r"1b\.",
        "1b. Hebben de gemeenteraden van de deelnemende gemeenten ingestemd met de wijze van "
        "samenwerking en de samenwerkingsstructuur?",
    ),
    Question(
        "governance_q1c",
        r"1c\.",
        "1c. Zijn er afspraken over de doelstelling/opdracht van de samenwerking, "
        "bijvoorbeeld alleen beleidsvoorbereidend of ook uitvoeringsaspecten (inkooporganisatie)?",
    ),
    Question("governance_q1d", r"1d\.", "1d. Is de samenwerking juridisch geborgd?"),
    Question(
        "governance_q2",
        r"2\. Op welke manier",
        "2. Op welke manier is er een overleg met maatschappelijke partners, waaronder in "
        f"ieder geval: {_Q2_LIST}",
    ),
    Question(
        "governance_q3",
        r"3\. Op welke manier",
        "3. Op welke manier is er een overleg met de huidige financiers van de jeugdzorg "
        "(provincies, zorgkantoren en zorgverzekeraars)?",
    ),
)

#: Blocks after Governance Q3 that are not part of its answer → their section key.
APPENDICES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^\s*Algehele afspraken Utrechtse regio"), "utrecht_joint_statement"),
    (re.compile(r"^\s*Toelichting op samenwerking"), "appendix"),
    (re.compile(r"^\s*Toelichting vraag \d"), "appendix"),
)
#: Keys of blocks that belong to no unit: the unit's own span ends before them.
FOREIGN_BLOCKS = {"utrecht_joint_statement"}


@dataclass(frozen=True)
class Span:
    """An answer: its first and last content line and its text without question words."""

    first: int
    last: int
    text: str


@dataclass
class UnitLayout:
    """Where a unit's parts are: header, list, contact, questions, answers."""

    survey_id: str
    name: str
    header: int  # line number
    last: int  # last line of the unit's own content
    lines: list[Line]  # header line … last line of the unit (incl. foreign blocks)
    questions: dict[str, int] = field(default_factory=dict)  # key → line number
    answers: dict[str, Span] = field(default_factory=dict)
    tasks: tuple[TaskCell, ...] = ()


def split_units(lines: Sequence[Line], path: Path) -> list[UnitLayout]:
    """Cut the document at the unit headers; all of :data:`UNIT_IDS` must appear in order."""
    headers = [(i, m) for i, ln in enumerate(lines) if (m := HEADER.match(ln.text))]
    found = [m.group(1) for _, m in headers]
    for k, expected in enumerate(UNIT_IDS):
        if k >= len(found):
            where = lines[-1].number if lines else None
            raise SourceError(path, f"document ends before unit {expected} (truncated?)", where)
        if found[k] != expected:
            raise SourceError(path, f"expected unit {expected}, found {found[k]}", lines[headers[k][0]].number)
    if len(found) > len(UNIT_IDS):
        raise SourceError(path, f"unexpected unit header {found[len(UNIT_IDS)]}", lines[headers[len(UNIT_IDS)][0]].number)
    units = []
    for k, (i, m) in enumerate(headers):
        end = headers[k + 1][0] if k + 1 < len(headers) else len(lines)
        body = list(lines[i:end])
        span = content_span(body)
        assert span is not None  # the header line itself is content
        units.append(UnitLayout(m.group(1), collapse(m.group(2)), span[0], span[1], body))
    return units


def locate_questions(unit: UnitLayout, path: Path) -> None:
    """Find each question's first line, in order; fill ``unit.questions`` and answers."""
    lines, pos = unit.lines, 0
    found: list[tuple[Question, int]] = []
    for q in QUESTIONS:
        pattern = re.compile(r"^\s*" + q.opening)
        i = next((j for j in range(pos, len(lines)) if pattern.match(lines[j].text)), None)
        if i is None:
            if q.required:
                raise SourceError(path, f"unit {unit.survey_id}: question {q.key} not found", unit.header)
            continue
        found.append((q, i))
        unit.questions[q.key] = lines[i].number
        pos = i + 1
    end = _appendices(unit, found[-1][1])
    for k, (q, i) in enumerate(found):
        stop = found[k + 1][1] if k + 1 < len(found) else end
        if q.key in ("inhoud_q1", "governance"):
            continue  # the table is parsed apart; the part heading has no answer
        answer = answer_span(lines[i:stop], q)
        if answer is not None:
            unit.answers[q.key] = answer


def _appendices(unit: UnitLayout, q3: int) -> int:
    """Record blocks after Governance Q3 as sections; return where Q3's answer stops."""
    lines = unit.lines
    starts = [
        (j, key)
        for j in range(q3 + 1, len(lines))
        for pattern, key in APPENDICES
        if pattern.match(lines[j].text)
    ]
    for k, (j, key) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        span = span_of(lines[j:stop])
        if span:
            unit.answers[key] = span
        if key in FOREIGN_BLOCKS:
            before = content_span(lines[:j])
            assert before is not None
            unit.last = before[1]
    return starts[0][0] if starts else len(lines)


def span_of(lines: Sequence[Line]) -> Span | None:
    """The content lines as a span: blank lines and page footers neither start, end nor
    count in the text."""
    span = content_span(lines)
    if span is None:
        return None
    return Span(span[0], span[1], " ".join(ln.clean for ln in lines if _is_text(ln)))


def _is_text(line: Line) -> bool:
    return not line.blank and not is_page_footer(line.text)


def answer_span(lines: Sequence[Line], question: Question) -> Span | None:
    """The answer in ``lines`` (question start … line before the next question).

    The question's words are consumed in order from the start; where a line holds more
    than question words, the answer starts on that line. Question words left over when
    the question block ends (at its first blank line) are removed again where a later
    line starts with them.
    """
    words, k = question.words, 0
    pieces: list[tuple[int, str]] = []
    in_question = True
    for ln in lines:
        if not _is_text(ln):
            in_question = in_question and not (ln.blank and k > 0)
            continue
        tokens = ln.text.split()
        j = 0
        if in_question or _starts_with_tail(tokens, words[k:]):
            while j < len(tokens) and k < len(words) and tokens[j] == words[k]:
                j += 1
                k += 1
        if j < len(tokens):
            in_question = False
            pieces.append((ln.number, " ".join(tokens[j:])))
    if not pieces:
        return None
    return Span(pieces[0][0], pieces[-1][0], " ".join(text for _, text in pieces))


def _starts_with_tail(tokens: list[str], tail: Sequence[str]) -> bool:
    """A line in an answer is question text if it is made only of the question's next
    words, or starts with all of the words the question still lacks."""
    if not tail or not tokens:
        return False
    if len(tokens) <= len(tail) and tuple(tokens) == tuple(tail[: len(tokens)]):
        return True
    return len(tokens) > len(tail) and tuple(tokens[: len(tail)]) == tuple(tail)
