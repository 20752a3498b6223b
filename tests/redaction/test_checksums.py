"""Check digits of Medicare, TFN, ABN and IHI, with the published worked examples."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sluicegate.redaction import checksums


# NEHTA's worked example: 2123 4567 weighs to 170, so the check digit is 0.
@pytest.mark.parametrize(
    "number",
    ["2123 45670 1", "2123456701", "2123 45670 1/3", "21234567013", "3950 21736 1"],
)
def test_medicare_accepts_numbers_whose_check_digit_holds(number: str) -> None:
    assert checksums.medicare_valid(number), number


@pytest.mark.parametrize(
    "number, why",
    [
        ("2123 45671 1", "check digit 1, expected 0"),
        ("1123 45670 1", "first digit must be 2-6"),
        ("7123 45670 1", "first digit must be 2-6"),
        ("2123 45670 0", "issue number 0"),
        ("2123 45670 1/0", "IRN 0"),
        ("2123 4567 0", "nine digits"),
        ("2123 45670 123", "twelve digits"),
    ],
)
def test_medicare_rejects(number: str, why: str) -> None:
    assert not checksums.medicare_valid(number), why


def test_tfn_ato_example_and_its_neighbours() -> None:
    # ATO example 123 456 782: 1+8+9+28+25+48+42+72+20 = 253 = 11 * 23.
    assert checksums.tfn_valid("123 456 782")
    assert not checksums.tfn_valid("123 456 781"), "253 - 10 is not a multiple of 11"
    assert not checksums.tfn_valid("123 456 78"), "eight digits"
    assert not checksums.tfn_valid("1234 567 820"), "ten digits"


@pytest.mark.parametrize("number", ["51 824 753 556", "53004085616", "11 223 491 505"])
def test_abn_accepts_published_examples(number: str) -> None:
    assert checksums.abn_valid(number), number


@pytest.mark.parametrize(
    "number, why",
    [
        ("51 824 753 557", "last digit off by one"),
        ("11223493504", "the ABR's own bad example"),
        ("01 824 753 556", "a leading zero cannot have 1 subtracted"),
        ("5182475355", "ten digits"),
    ],
)
def test_abn_rejects(number: str, why: str) -> None:
    assert not checksums.abn_valid(number), why


def test_luhn_on_the_iso_7812_example() -> None:
    assert checksums.luhn_valid("7992739871 3")
    assert not checksums.luhn_valid("79927398710")


def test_ihi_needs_prefix_length_and_luhn() -> None:
    assert checksums.ihi_valid("8003 6081 6669 0503")
    assert not checksums.ihi_valid("8003 6081 6669 0504"), "Luhn fails"
    # Same body under the HPI-I prefix 800361, with its own valid Luhn digit.
    hpi_i = next(
        f"800361816669050{d}" for d in "0123456789" if checksums.luhn_valid(f"800361816669050{d}")
    )
    assert checksums.luhn_valid(hpi_i) and not checksums.ihi_valid(hpi_i), "an HPI-I is not an IHI"
    assert not checksums.ihi_valid("800360816669050"), "fifteen digits"


@given(st.integers(min_value=0, max_value=2**32))
def test_synthetic_identifiers_always_pass_their_checks(seed: int) -> None:
    rng = random.Random(seed)
    assert checksums.medicare_valid(checksums.make_medicare(rng))
    assert checksums.medicare_valid(checksums.make_medicare(rng, with_irn=True))
    assert checksums.tfn_valid(checksums.make_tfn(rng))
    assert checksums.abn_valid(checksums.make_abn(rng))
    assert checksums.ihi_valid(checksums.make_ihi(rng))
