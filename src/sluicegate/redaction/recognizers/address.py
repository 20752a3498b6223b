"""Street addresses and post-office boxes: Australian and NZ ones, and the layouts of
other countries that the tuning lines hold.

A span runs from the unit or street number to the postcode when those are
written: ``Unit 4/17 Beach Rd, St Kilda VIC 3182``. A suburb is only taken
when a comma introduces it or a state or postcode follows it, so the
capitalised word that starts the next sentence is not swallowed. Several
comma-separated parts (``…, Mission Bay, Auckland 1071``, ``…, New York, NY
10118``) are taken only when a postcode ends them. Other layouts (round 5,
docs/redaction.md): blocks and lots (``Blk 305 … #06-112, Singapore 120305``),
a floor after a flat (``Flat D, 18/F, …``), postcodes of other countries (UK,
Irish, Canadian, US ZIP, six digits, ``160-0023``), street-first addresses that
end in a postcode and a town (``Hauptstraße 41, 10827 Berlin``, ``Via Roma 12,
20121 Milano MI``), French ``88 Rue du Faubourg, 75011 Paris`` and Japanese
``3-14-2 Nishi-Shinjuku, Shinjuku-ku, Tokyo 160-0023``.
"""

from __future__ import annotations

import re

from sluicegate.redaction.recognizers.base import PatternRecognizer

# Latin capitals and lower case with diacritics (Ōhope, München), as in person.py.
_UP = "A-ZÀ-ÖØ-ÞĀ-žḀ-ỿ"
_LO = "a-zß-öø-ÿĀ-žḀ-ỿ"
_UNIT = (
    r"(?:(?:Unit|Apt|Apartment|Flat|Suite|Shop|Level|Lvl)\s*(?:\d+[A-Za-z]?(?:/\d+)?|[A-Z](?=,))"
    r"(?:,?\s+|\s*/\s*)(?:\d{1,2}/F,?\s+)?"
    r"|\d+[A-Za-z]?\s*/\s*)"
)
# A lot or block number opens the street ("Lot 23 Great Northern Highway", "Blk 305 …").
_NUMBER = r"(?:(?:Lot|Blk|Block)\s+)?\d{1,5}[A-Za-z]?(?:\s*[-–]\s*\d{1,5}[A-Za-z]?)?"
_WORD = r"[A-Z][A-Za-z'’-]*[a-z][A-Za-z'’-]*"
# No "." after the type: in these logs it ends the sentence far more often than
# it abbreviates "Street".
_TYPE = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Drive|Dr|Court|Ct|Crescent|Cres|Place|Pl|Parade|Pde"
    r"|Terrace|Tce|Lane|Ln|Highway|Hwy|Boulevard|Blvd|Bvd|Way|Close|Cl|Circuit|Cct|Grove|Gr"
    r"|Esplanade|Esp|Square|Sq|Mews|Rise|Row|Walk|Loop|Promenade|Parkway|Gardens|Gdns)\b"
    # a direction or part after the type ("Main St W", "Rathmines Road Lower"), a road
    # number before a comma ("County Road 12,", "Ang Mo Kio Ave 4,")
    r"(?:[ ](?:N|S|E|W|NE|NW|SE|SW|North|South|East|West|Lower|Upper)\b)?(?:[ ]\d{1,3}(?=,))?"
)
_STATE = r"(?:VIC|NSW|QLD|SA|WA|TAS|NT|ACT|Vic|Qld|Tas)\b"
_SUBURB = rf"[{_UP}][A-Za-z{_LO}'’-]+(?:\s[{_UP}][A-Za-z{_LO}'’-]+){{0,2}}"
_POSTCODE = r"\d{4}(?!\d)"
# Postcodes of other countries, not followed by more digits (a phone after an address).
_ANY_POSTCODE = (
    r"(?:\d{4,6}|\d{3}-\d{4}|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|[A-Z]\d[A-Z]\s\d[A-Z]\d"
    r"|[A-Z]\d{2}\s[A-Z\d]{4})(?![\w-]|[ ]\d)"
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# A town or district between commas (not a month: "…, Richmond, March 2024"): "Mission Bay", "Shinjuku-ku", "Dublin 6".
_PART = rf"(?!{_MONTH}\b)[{_UP}][A-Za-z{_LO}'’-]+(?:\s[{_UP}][A-Za-z{_LO}'’-]+){{0,2}}(?:\s\d{{1,2}}(?!\d))?"
# A region code before a postcode: Australian states, US states, Canadian provinces.
_REGION = r"(?:[A-Z]{2,3})\b"
_LONG_TAIL = rf"(?:,\s*{_PART}){{1,3}}(?:,?\s+{_REGION})?,?\s+{_ANY_POSTCODE}"
_TAIL = (
    rf"(?:{_LONG_TAIL}"
    rf"|\s+{_SUBURB},?\s+{_ANY_POSTCODE}"
    rf"|,\s*{_SUBURB}(?:,?\s+{_STATE})?(?:,?\s+{_POSTCODE})?"
    rf"|\s+{_SUBURB}(?:,?\s+{_STATE}(?:,?\s+{_POSTCODE})?|,?\s+{_POSTCODE})"
    rf"|,?\s+{_STATE}(?:,?\s+{_POSTCODE})?)?"
)
# A unit number after the street, Singapore style: "…, #06-112".
_STREET = (
    rf"(?<![\w/]){_UNIT}?{_NUMBER}\s+(?:[NSEW]\s+)?(?:{_WORD}\s+){{1,3}}?{_TYPE}"
    r"(?:,\s*#\d{1,2}-\d{1,4})?"
)
_PO_BOX = r"\b(?:(?:PO|P\.O\.|GPO|Post Office)\s*Box|Locked Bag)\s+\d{1,6}"
# New Zealand rural delivery after the road: "1532 Kaipara Coast Highway, RD 4, Warkworth".
_RURAL_DELIVERY = r"(?:,\s*RD\s+\d{1,2}\b)?"

ADDRESS = PatternRecognizer(
    label="ADDRESS",
    priority=45,
    pattern=re.compile(rf"(?:{_STREET}{_RURAL_DELIVERY}|{_PO_BOX}){_TAIL}"),
)

# Postcode and town after a street-first or French address: "10827 Berlin", "1016 GV
# Amsterdam", "20121 Milano MI"; required, so a street name alone is never taken.
_TOWN_TAIL = rf",\s*\d{{4,5}}(?:\s[A-Z]{{2}})?\s+{_PART}(?:\s[A-Z]{{2}}\b)?"
_STREET_FIRST = PatternRecognizer(
    needs=re.compile(r",\s*\d{4,5}\s"),
    label="ADDRESS",
    priority=45,
    pattern=re.compile(
        rf"(?<![\w-])(?:No\.?\s?\d+[A-Za-z]?,\s*)?"
        rf"(?:(?:Via|Viale|Piazza|Corso|Calle|Avenida|Rua|Jalan|Jln)\s+(?:[\w'’.-]+\s+){{0,3}}?"
        rf"|[{_UP}][{_LO}]+(?:straße|strasse|gasse|weg|allee|platz|gracht|straat|laan|plein"
        rf"|kade|gatan|vägen|gata|veien|vej|gade|katu)\s)"
        rf"\d{{1,5}}[A-Za-z]?(?:[-/]\d+[A-Za-z]?)?{_TOWN_TAIL}"
    ),
)
_FRENCH = PatternRecognizer(
    needs=re.compile(r",\s*\d{5}\s"),
    label="ADDRESS",
    priority=45,
    pattern=re.compile(
        rf"(?<![\w/]){_NUMBER}(?:\s(?:bis|ter))?,?\s+(?i:rue|avenue|boulevard|bd|place|chemin"
        rf"|allée|impasse|quai|cours|route)\s+(?:[\w'’-]+\s+){{0,4}}?[\w'’-]+{_TOWN_TAIL}"
    ),
)
# Japanese chome-ban-go, district and ward, city and postcode.
_JAPANESE = PatternRecognizer(
    needs=re.compile(r"\d{3}-\d{4}"),
    label="ADDRESS",
    priority=45,
    pattern=re.compile(
        rf"(?<![\w-])\d{{1,2}}-\d{{1,2}}-\d{{1,3}}\s+{_PART}(?:,\s*{_PART}){{0,3}},?\s+\d{{3}}-\d{{4}}(?![\w-])"
    ),
)

RECOGNIZERS = (ADDRESS, _STREET_FIRST, _FRENCH, _JAPANESE)
