"""Australian street addresses and post-office boxes (and New Zealand rural delivery).

A span runs from the unit or street number to the postcode when those are
written: ``Unit 4/17 Beach Rd, St Kilda VIC 3182``. A suburb is only taken
when a comma introduces it or a state or postcode follows it, so the
capitalised word that starts the next sentence is not swallowed.
"""

from __future__ import annotations

import re

from sluicegate.redaction.recognizers.base import PatternRecognizer

_UNIT = (
    r"(?:(?:Unit|Apt|Apartment|Flat|Suite|Shop|Level|Lvl)\s*\d+[A-Za-z]?(?:,?\s+|\s*/\s*)"
    r"|\d+[A-Za-z]?\s*/\s*)"
)
_NUMBER = r"\d{1,5}[A-Za-z]?(?:\s*[-–]\s*\d{1,5}[A-Za-z]?)?"
_WORD = r"[A-Z][A-Za-z'’-]*[a-z][A-Za-z'’-]*"
# No "." after the type: in these logs it ends the sentence far more often than
# it abbreviates "Street".
_TYPE = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Drive|Dr|Court|Ct|Crescent|Cres|Place|Pl|Parade|Pde"
    r"|Terrace|Tce|Lane|Ln|Highway|Hwy|Boulevard|Blvd|Bvd|Way|Close|Cl|Circuit|Cct|Grove|Gr"
    r"|Esplanade|Esp|Square|Sq|Mews|Rise|Row|Walk|Loop|Promenade|Parkway|Gardens|Gdns)\b"
)
_STATE = r"(?:VIC|NSW|QLD|SA|WA|TAS|NT|ACT|Vic|Qld|Tas)\b"
_SUBURB = r"[A-Z][A-Za-z'’-]+(?:\s[A-Z][A-Za-z'’-]+){0,2}"
_POSTCODE = r"\d{4}(?!\d)"
_TAIL = (
    rf"(?:,\s*{_SUBURB}(?:,?\s+{_STATE})?(?:,?\s+{_POSTCODE})?"
    rf"|\s+{_SUBURB}(?:,?\s+{_STATE}(?:,?\s+{_POSTCODE})?|,?\s+{_POSTCODE})"
    rf"|,?\s+{_STATE}(?:,?\s+{_POSTCODE})?)?"
)
_STREET = rf"(?<![\w/]){_UNIT}?{_NUMBER}\s+(?:{_WORD}\s+){{1,3}}?{_TYPE}"
_PO_BOX = r"\b(?:PO|P\.O\.|Post Office)\s*Box\s+\d{1,6}"
# New Zealand rural delivery after the road: "1532 Kaipara Coast Highway, RD 4, Warkworth".
_RURAL_DELIVERY = r"(?:,\s*RD\s+\d{1,2}\b)?"

ADDRESS = PatternRecognizer(
    label="ADDRESS",
    priority=45,
    pattern=re.compile(rf"(?:{_STREET}{_RURAL_DELIVERY}|{_PO_BOX}){_TAIL}"),
)

RECOGNIZERS = (ADDRESS,)
