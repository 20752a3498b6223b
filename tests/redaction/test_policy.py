"""Redaction policy: which dates are masked, and label or pseudonym masks."""

from __future__ import annotations

import pytest

from sluicegate.errors import SluicegateError
from sluicegate.redaction.policy import Policy
from sluicegate.redaction.redact import mask
from sluicegate.redaction.spans import Span

TEXT = "Ann Lee DOB 3/4/1950, seen 5/6/2020 with ann  lee"
SPANS = [Span(0, 7, "PERSON"), Span(12, 20, "DATE"), Span(27, 35, "DATE"), Span(41, 49, "PERSON")]


@pytest.mark.parametrize(
    "dates, expected",
    [
        ("all", "[PERSON] DOB [DATE], seen [DATE] with [PERSON]"),
        ("year", "[PERSON] DOB [DATE] 1950, seen [DATE] 2020 with [PERSON]"),
        ("birth", "[PERSON] DOB [DATE], seen 5/6/2020 with [PERSON]"),
    ],
)
def test_dates_policy(dates: str, expected: str) -> None:
    assert mask(TEXT, SPANS, Policy.of(dates=dates)) == expected


def test_pseudonyms_are_consistent_across_lines_and_ignore_case_and_spacing() -> None:
    policy = Policy.of(mask="pseudonym")
    assert mask(TEXT, SPANS, policy) == "[PERSON 1] DOB [DATE 1], seen [DATE 2] with [PERSON 1]"
    other = "Bo Tan then Ann Lee"
    assert mask(other, [Span(0, 6, "PERSON"), Span(12, 19, "PERSON")], policy) == (
        "[PERSON 2] then [PERSON 1]"
    )


@pytest.mark.parametrize("dates, style, field", [("some", "label", "dates"), ("all", "x", "mask")])
def test_unknown_setting_is_an_input_error(dates: str, style: str, field: str) -> None:
    with pytest.raises(SluicegateError, match=f"^{field}: ") as caught:
        Policy.of(dates, style)
    assert caught.value.exit_code == 2
