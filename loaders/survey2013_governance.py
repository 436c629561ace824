"""Governance 1b and 1d of the 2013 survey → coded :class:`GovernanceAnswer` records.

The answers do not reliably start with Ja or Nee: ``Ja, kennisname ...`` means the
councils only took note, ``Ja`` in region 7 is followed by "some councils follow", and
many answers are prose. So the whole answer is read with ordered rules, the conventions
of the hand extraction: councils that were only informed, involved or will decide later
count as ``no``; some decisions taken with the decisive one pending as ``partly``; an
answer that does not say as ``unknown``. Answers no rule reads right are coded in the
reviewed table ``data/survey2013_governance_curation.csv``, which cites its lines.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import SourceError
from loaders.records import Evidence, GovernanceAnswer
from loaders.sources import SHIPPED_DATA
from loaders.survey2013_sections import Span

CURATION = SHIPPED_DATA / "survey2013_governance_curation.csv"
CODES = ("yes", "no", "partly", "unknown")
#: Governance question key → the ``question`` of the coded answer.
QUESTIONS = {"governance_q1b": "councils-agreed", "governance_q1d": "legally-embedded"}

_NEGATIVE_START = re.compile(r"^(nee|nog niet)\b", re.IGNORECASE)
_POSITIVE_START = re.compile(r"^ja\b", re.IGNORECASE)

#: 1b: some councils decided, others did not (yet), or decided something else.
_COUNCILS_SOME = re.compile(r"een aantal (heeft|hebben) al|en/of gemeenteraden|ingestemd met of kennisgenomen", re.I)
#: 1b: councils informed, involved, or to decide later; or only colleges decided.
_COUNCILS_NOT_YET = re.compile(
    r"geïnformeerd|meegenomen|betrokken|kennisname|kennisgeving|bestuurlijk vastgesteld"
    r"|niet vastgesteld|collegebesluit|colleges hebben|besluitvorming plaats|worden gevraagd"
    r"|\b(wordt|worden|zal|zullen|volgt|vindt|vinden)\b[^.]{0,120}"
    r"\b(voorgelegd|vastgesteld|besluiten|besluitvorming|plaats)\b",
    re.I,
)
#: 1b: councils approved.
_COUNCILS_DONE = re.compile(
    r"raden hebben[^.]*?(ingestemd|vastgesteld|vastgelegd|bekrachtigd)"
    r"|\bzijn\b[^.]*gemeenteraden (bekrachtigd|vastgesteld)",
    re.I,
)
#: 1d: the respondent cannot say yet.
_LEGAL_UNKNOWN = re.compile(r"te vroeg om", re.I)
#: 1d: not (yet) legally embedded, or only by non-legal agreements.
_LEGAL_NOT_YET = re.compile(
    r"nog niet|nog geen|niet juridisch|vrijblijvend|intentieverklaring|wordt gekeken|gepland"
    r"|vervolgproces|werkt aan juridische borging|zal [^.]{0,40}gekeken",
    re.I,
)
#: 1d: a legal form or an explicit claim of legal embedding.
_LEGAL_DONE = re.compile(r"juridisch geborgd|rechtspersoon|gemeenschappelijke regeling", re.I)


def councils_agreed(text: str) -> str:
    """Code a Governance 1b answer: did the councils agree to the cooperation?"""
    if _COUNCILS_SOME.search(text):
        return "partly"
    if _NEGATIVE_START.match(text):
        return "no"
    done = bool(_COUNCILS_DONE.search(text))
    if _COUNCILS_NOT_YET.search(text):
        return "partly" if done else "no"
    if done or _POSITIVE_START.match(text):
        return "yes"
    return "unknown"


def legally_embedded(text: str) -> str:
    """Code a Governance 1d answer: is the cooperation legally embedded?"""
    if _NEGATIVE_START.match(text):
        return "no"
    if _POSITIVE_START.match(text):
        return "yes"
    if _LEGAL_UNKNOWN.search(text):
        return "unknown"
    if _LEGAL_NOT_YET.search(text):
        return "no"
    if _LEGAL_DONE.search(text):
        return "yes"
    return "unknown"


RULES = {"councils-agreed": councils_agreed, "legally-embedded": legally_embedded}


@dataclass(frozen=True)
class Curation:
    """A reviewed code for one answer, with the lines that justify it."""

    survey_id: str
    question: str
    code: str
    first_line: int
    last_line: int
    quote: str


def load_curation(path: Path = CURATION) -> dict[tuple[str, str], Curation]:
    """The reviewed codes by (survey id, question); checked for known questions and codes."""
    out = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                item = Curation(
                    row["survey_id"], row["question"], row["code"],
                    int(row["first_line"]), int(row["last_line"]), row["quote"],
                )
            except (KeyError, ValueError, TypeError) as exc:
                raise SourceError(path, f"unreadable row ({exc})", number) from None
            if item.question not in RULES or item.code not in CODES:
                raise SourceError(path, f"unknown question or code in {row}", number)
            out[(item.survey_id, item.question)] = item
    return out


def code_governance(
    survey_id: str,
    answers: Mapping[str, Span],
    source: str,
    curation: Mapping[tuple[str, str], Curation],
    where: tuple[Path, Mapping[str, int]],
) -> tuple[GovernanceAnswer, ...]:
    """The coded 1b and 1d answers of one unit (curated code first, else the rules).

    ``where`` is the document and the line of each question, for the error when a
    question has no answer and no curated reading: an absent answer is never skipped.
    """
    out = []
    for key, question in QUESTIONS.items():
        span = answers.get(key)
        curated = curation.get((survey_id, question))
        if span is None and curated is None:
            path, lines = where
            raise SourceError(
                path, f"unit {survey_id}: question {key} has no answer to code "
                f"(add a reading to {CURATION.name})", lines.get(key),
            )
        if span is None:
            assert curated is not None
            span = Span(curated.first_line, curated.last_line, curated.quote)
        code = curated.code if curated else RULES[question](span.text)
        out.append(GovernanceAnswer(question, code, span.text, Evidence(source, span.first, span.last)))
    return tuple(out)
