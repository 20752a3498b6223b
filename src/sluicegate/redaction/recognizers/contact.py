"""Ways to reach a person: e-mail addresses, phone numbers, URLs and IP addresses."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass

from sluicegate.redaction.recognizers.base import PatternRecognizer
from sluicegate.redaction.spans import Span

EMAIL = PatternRecognizer(
    label="EMAIL",
    priority=100,
    pattern=re.compile(
        r"(?<![\w.+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?"
        r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?![\w-])"
    ),
)

# Sentence punctuation that ends a sentence, not a URL.
_URL_TRAILING = ".,;:!?'\""


@dataclass(frozen=True)
class UrlRecognizer:
    """``http(s)://`` or ``www.`` addresses, without the punctuation after them."""

    label: str = "URL"
    priority: int = 95
    pattern: re.Pattern[str] = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'\]]+", re.IGNORECASE)

    def find(self, text: str) -> Iterator[Span]:
        """URL spans, trimmed of trailing punctuation and unbalanced closing brackets."""
        for match in self.pattern.finditer(text):
            url = match.group()
            while url and (
                url[-1] in _URL_TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))
            ):
                url = url[:-1]
            if len(url) > len("www."):
                yield Span(match.start(), match.start() + len(url), self.label)


_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IPV4 = PatternRecognizer(
    label="IP",
    priority=85,
    pattern=re.compile(rf"(?<![\d.]){_OCTET}(?:\.{_OCTET}){{3}}(?!\.?\d)"),
)


def _is_ipv6(candidate: str) -> bool:
    try:
        ipaddress.IPv6Address(candidate)
    except ValueError:
        return False
    return True


IPV6 = PatternRecognizer(
    label="IP",
    priority=85,
    # Two colons at least, so times such as 09:30 never reach the validator.
    pattern=re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])"),
    validate=_is_ipv6,
)

_GAP = r"[ .-]?"
_PHONE_AU = (
    # Mobiles: 04xx xxx xxx, +61 4xx xxx xxx.
    rf"(?:\+61{_GAP}|0)4\d\d{_GAP}\d{{3}}{_GAP}\d{{3}}",
    # Landlines: (02) xxxx xxxx, 03-xxxx-xxxx, +61 2 xxxx xxxx.
    rf"(?:\+61{_GAP}(?:\(0?[2378]\)|\(0\)[2378]|[2378])|\(0[2378]\)|0[2378]){_GAP}\d{{4}}{_GAP}\d{{4}}",
    # Business numbers: 1300/1800 xxx xxx and 13 xx xx.
    rf"1[38]00{_GAP}\d{{3}}{_GAP}\d{{3}}",
    rf"13{_GAP}\d\d{_GAP}\d\d",
)
# Other countries: +CC then groups, an area code possibly in brackets; the digit
# count is checked below.
_PHONE_INTL = r"\+(?!61)[1-9]\d{0,2}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,4})){2,5}"
# Other countries' national layouts, written without +CC: a trunk 0 then an area
# or mobile prefix and two groups (South Africa 082 555 0143, New Zealand 021 123 4567
# and 09 123 4567, UK 020 7946 0958 and 07700 900123), and North American numbers
# (617-555-0142, (617) 555-0142). The separators are required, so a run of digits
# (a reference or an identifier) is not read as one.
_PHONE_NATIONAL = (
    r"0\d{1,3}[ -]\d{3,4}[ -]\d{4}",
    r"0\d{4}[ -]\d{6}",
    r"\(\d{3}\)[ ]?\d{3}[-. ]\d{4}",
    r"[2-9]\d{2}([-.])\d{3}\1\d{4}",
)


def _plausible_phone(candidate: str) -> bool:
    # E.164 allows at most 15 digits; fewer than 8 is an extension or a code.
    return 8 <= sum(ch.isdigit() for ch in candidate) <= 15


PHONE = PatternRecognizer(
    label="PHONE",
    priority=55,
    pattern=re.compile(
        rf"(?<![\w+/.-])(?:{'|'.join(_PHONE_AU)}|{_PHONE_INTL}|{'|'.join(_PHONE_NATIONAL)})"
        r"(?![ .-]?\d|/)"
    ),
    validate=_plausible_phone,
)

# Australian six-digit 13 numbers (131 450, 13 22 11) are too short to stand alone
# ("13 22 11" may be three counts): a word asking for a call must come just before.
_SHORT_PHONE = re.compile(r"(?<![\w+/.-])13(?:\d ?\d{3}|[ ]\d\d[ ]\d\d)(?![ .-]?\d|/)")
_CALL_CUE = re.compile(r"(?i:\b(?:on|ph|phone|tel|call|ring|dial|line|number|contact)[:.]?\s+)$")


@dataclass(frozen=True)
class ShortPhoneRecognizer:
    """A 13 number after a word that asks for a call ("use TIS on 131 450")."""

    label: str = "PHONE"
    priority: int = 55

    def find(self, text: str) -> Iterator[Span]:
        """Spans of 13 numbers that follow a call cue."""
        for match in _SHORT_PHONE.finditer(text):
            if _CALL_CUE.search(text, max(0, match.start() - 12), match.start()):
                yield Span(match.start(), match.end(), self.label)


RECOGNIZERS = (EMAIL, UrlRecognizer(), IPV4, IPV6, PHONE, ShortPhoneRecognizer())
