"""Plain read-model helpers of casetrack.services."""

from __future__ import annotations

import pytest

from casetrack.services import SourceRef


@pytest.mark.parametrize(
    ("locator", "place"),
    [
        ("p12", "¶12"),
        ("p36-p40", "¶36–40"),
        ("p8-12", "¶8–12"),
        ("B06", "B06"),
        ("pp", "pp"),  # not a paragraph locator: shown as it is
    ],
)
def test_a_locator_reads_as_a_paragraph_or_a_fact(locator: str, place: str) -> None:
    ref = SourceRef(source="nyt", title="Article", publisher="The New York Times", locator=locator)
    assert ref.place == place
    assert ref.display() == f"The New York Times, {place}"
