"""Governance 1b and 1d of the 2013 survey → coded answers (stub)."""

from __future__ import annotations

from pathlib import Path

from loaders.records import GovernanceAnswer
from loaders.survey2013_sections import Span


def code_governance(survey_id: str, answers: dict[str, Span], path: Path, source: str) -> tuple[GovernanceAnswer, ...]:
    return ()
