"""Check-digit rules of Australian identifiers, and builders for synthetic ones.

Sources (published algorithms, checked 2026-11-22):
- Medicare card number: NEHTA, "Use of Healthcare Identifiers in Health Software
  Systems - Software Conformance Requirements" v1.4: first digit 2-6, weights
  1,3,7,9,1,3,7,9 over digits 1-8, sum mod 10 is digit 9; digit 10 is the issue
  number, an optional 11th digit is the individual reference number (IRN).
- TFN: Australian Taxation Office check: weights 1,4,3,7,5,8,6,9,10 over the
  nine digits, valid when the sum is a multiple of 11.
- ABN: Australian Business Register, abr.business.gov.au/Help/AbnFormat: subtract
  1 from the first digit, weights 10,1,3,5,7,9,11,13,15,17,19, valid when the
  sum is a multiple of 89.
- IHI: HL7 AU Base IG, StructureDefinition au-ihi: exactly 16 digits, prefix
  800360, passes the Luhn check (ISO/IEC 7812).
"""

from __future__ import annotations

import random

MEDICARE_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9)
TFN_WEIGHTS = (1, 4, 3, 7, 5, 8, 6, 9, 10)
ABN_WEIGHTS = (10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19)
IHI_PREFIX = "800360"


def digits_of(text: str) -> str:
    """The digits of ``text``, dropping the spaces, hyphens and slashes people type."""
    return "".join(ch for ch in text if ch.isdigit())


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True))


def medicare_valid(number: str) -> bool:
    """A 10-digit Medicare card number, or 11 with the IRN, whose check digit holds."""
    d = digits_of(number)
    if len(d) not in (10, 11) or d[0] not in "23456":
        return False
    # The issue number and the IRN are never 0 on a card.
    if d[9] == "0" or (len(d) == 11 and d[10] == "0"):
        return False
    return _weighted(d[:8], MEDICARE_WEIGHTS) % 10 == int(d[8])


def tfn_valid(number: str) -> bool:
    """A 9-digit tax file number whose weighted sum is a multiple of 11."""
    d = digits_of(number)
    return len(d) == 9 and _weighted(d, TFN_WEIGHTS) % 11 == 0


def abn_valid(number: str) -> bool:
    """An 11-digit ABN whose weighted sum, first digit less one, is a multiple of 89."""
    d = digits_of(number)
    if len(d) != 11 or d[0] == "0":
        return False
    return _weighted(str(int(d[0]) - 1) + d[1:], ABN_WEIGHTS) % 89 == 0


def luhn_valid(number: str) -> bool:
    """The Luhn (mod 10, double every second digit from the right) check."""
    d = digits_of(number)
    if not d:
        return False
    total = 0
    for i, ch in enumerate(reversed(d)):
        n = int(ch)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def ihi_valid(number: str) -> bool:
    """A 16-digit Individual Healthcare Identifier: prefix 800360 and Luhn."""
    d = digits_of(number)
    return len(d) == 16 and d.startswith(IHI_PREFIX) and luhn_valid(d)


def make_medicare(rng: random.Random, with_irn: bool = False) -> str:
    """A synthetic Medicare number (digits only) with a correct check digit."""
    body = str(rng.randint(2, 6)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
    check = _weighted(body, MEDICARE_WEIGHTS) % 10
    number = f"{body}{check}{rng.randint(1, 9)}"
    return number + str(rng.randint(1, 9)) if with_irn else number


def make_tfn(rng: random.Random) -> str:
    """A synthetic TFN (digits only) that passes the mod-11 check."""
    while True:
        body = "".join(str(rng.randint(0, 9)) for _ in range(8))
        # The last weight is 10, which is -1 mod 11: the check digit equals the
        # partial sum mod 11, and a partial sum of 10 mod 11 has no digit; redraw.
        check = _weighted(body, TFN_WEIGHTS[:8]) % 11
        if check < 10:
            return f"{body}{check}"


def make_abn(rng: random.Random) -> str:
    """A synthetic ABN (digits only) that passes the mod-89 check."""
    while True:
        tail = "".join(str(rng.randint(0, 9)) for _ in range(9))
        for lead in range(10, 100):
            candidate = f"{lead}{tail}"
            if abn_valid(candidate):
                return candidate


def make_ihi(rng: random.Random) -> str:
    """A synthetic IHI (digits only): prefix 800360, nine digits, Luhn check digit."""
    body = IHI_PREFIX + "".join(str(rng.randint(0, 9)) for _ in range(9))
    for check in "0123456789":
        if luhn_valid(body + check):
            return body + check
    raise AssertionError("unreachable: one Luhn check digit always exists")
