"""Synthetic labelled corpora: clinical-log lines with Australian personal data.

Every value is made up: names are drawn from lists of common given names and
surnames and paired at random; identifiers carry valid check digits but are
random; e-mail domains are the reserved ``example.*``; IPs come from the
documentation ranges (RFC 5737, RFC 3849); UK and US phone numbers from the
ranges set aside for drama. Look-alike numbers that fail every check digit are
mixed in unlabelled, so precision is measured, not assumed.

The same seed gives the same corpus, byte for byte.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from sluicegate.redaction import checksums
from sluicegate.redaction.evaluate import Example
from sluicegate.redaction.spans import Span

# Some of these given names are deliberately absent from the rule engine's
# gazetteer (data/given_names.txt): those are found only through a title or a cue.
GIVEN = (
    "Jane", "Oliver", "Charlotte", "Jack", "Amelia", "William", "Mia", "Noah", "Isla",
    "Lachlan", "Priya", "Arjun", "Mei", "Wei", "Thanh", "Linh", "Fatima", "Omar", "Giulia",
    "Marco", "Eleni", "Nikos", "Aroha", "Tane", "Kirra", "Jarrah", "Bao", "Aarav", "Chidi",
    "Ngozi", "Siosaia", "Mahalia", "Lowanna", "Tariq", "Ingrid", "Sven", "Hana", "Kenji",
    "Lucy", "Harrison", "Zara", "Declan", "Sophie", "Matilda", "Ethan", "Ruby", "Hamish",
    "Anh", "Deepa", "Kwame", "Yusuf", "Leila",
)  # fmt: skip
SURNAMES = (
    "Smith", "Nguyen", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Johnson", "White",
    "Martin", "Anderson", "Thompson", "Tran", "Le", "Pham", "Chen", "Wang", "Li", "Zhang",
    "Singh", "Patel", "Kaur", "Sharma", "Papadopoulos", "Russo", "Rossi", "Kowalski",
    "Murphy", "O'Brien", "McDonald", "MacKenzie", "Kelly", "Walker", "Harris", "Okafor",
    "Mensah", "Haddad", "Khoury", "Nakamura", "Sato", "Kim", "Park", "Fernando", "Silva",
    "Costa", "Hughes", "Clarke", "Bennett", "Fitzgerald", "Van-Dyk", "Ahmadi", "Hussain",
    "Tupou", "Fonoti", "Campbell", "Stewart", "Edwards",
)  # fmt: skip
TITLES = ("Dr", "Mr", "Mrs", "Ms", "Miss", "Prof", "Sister")
STREETS = (
    "Beach Rd",
    "Collins Street",
    "Smith St",
    "Victoria Parade",
    "Station St",
    "High Street",
    "Church St",
    "Mount Barker Road",
    "Bay View Tce",
    "Wattle Grove",
    "Banksia Cres",
    "King William St",
    "Gum Tree Court",
    "Ocean Dr",
    "Murray Avenue",
    "Jacaranda Pl",
    "Old Northern Road",
    "Parramatta Rd",
    "Botany Close",
    "Kingfisher Way",
)
SUBURBS = (
    ("Richmond", "VIC", "3121"), ("St Kilda", "VIC", "3182"), ("Fitzroy North", "VIC", "3068"),
    ("Parramatta", "NSW", "2150"), ("Bondi Junction", "NSW", "2022"), ("Newcastle", "NSW", "2300"),
    ("Fortitude Valley", "QLD", "4006"), ("Cairns", "QLD", "4870"), ("Glenelg", "SA", "5045"),
    ("North Adelaide", "SA", "5006"), ("Fremantle", "WA", "6160"), ("Joondalup", "WA", "6027"),
    ("Sandy Bay", "TAS", "7005"), ("Launceston", "TAS", "7250"), ("Darwin City", "NT", "0800"),
    ("Alice Springs", "NT", "0870"), ("Belconnen", "ACT", "2617"), ("Kingston", "ACT", "2604"),
)  # fmt: skip
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
COMPLAINTS = (
    "chest pain",
    "shortness of breath",
    "a fall at home",
    "abdominal pain",
    "fever and cough",
    "a laceration to the left hand",
    "dizziness",
    "headache",
    "back pain",
    "a rash",
)
WARDS = ("4 West", "ICU", "ED bay 7", "Ward 3B", "the day surgery unit", "Rehab")

Segment = tuple[str, str | None]
T = TypeVar("T")


class _Writer:
    """Draws values: a method per label (``person``, ``date``…) and per filler, each
    returning segments of (text, label or None)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, options: Sequence[T]) -> T:
        return self.rng.choice(options)

    def digits(self, n: int) -> str:
        return "".join(str(self.rng.randint(0, 9)) for _ in range(n))

    # Labelled values.
    def person(self) -> list[Segment]:
        given, surname = self.pick(GIVEN), self.pick(SURNAMES)
        style = self.rng.random()
        if style < 0.45:
            return [(f"{given} {surname}", "PERSON")]
        if style < 0.6:
            return [(f"{given} {self.pick('ABCDEFGHJKLMNPRSTW')}. {surname}", "PERSON")]
        if style < 0.75:
            return [(f"{surname.upper()}, {given}", "PERSON")]
        return [(f"{self.pick(TITLES)} ", None), (surname, "PERSON")]

    def date(self) -> list[Segment]:
        year = self.rng.randint(1935, 2024)
        month = self.rng.randint(1, 12)
        day = self.rng.randint(1, 28)
        name = MONTHS[month - 1]
        form = self.pick((
            f"{day:02d}/{month:02d}/{year}", f"{day}/{month}/{year}", f"{day}-{month:02d}-{year}",
            f"{year}-{month:02d}-{day:02d}", f"{day} {name} {year}", f"{day} {name[:3]} {year}",
            f"{name} {day}, {year}", f"{day:02d}.{month:02d}.{year % 100:02d}",
        ))  # fmt: skip
        return [(form, "DATE")]

    def phone(self) -> list[Segment]:
        mobile = "4" + self.digits(8)
        land = self.pick("2378") + self.digits(8)
        form = self.pick((
            f"0{mobile[:3]} {mobile[3:6]} {mobile[6:]}", f"0{mobile}",
            f"+61 {mobile[:3]} {mobile[3:6]} {mobile[6:]}", f"({0}{land[0]}) {land[1:5]} {land[5:]}",
            f"0{land[0]} {land[1:5]} {land[5:]}", f"1300 {self.digits(3)} {self.digits(3)}",
            f"+44 20 7946 0{self.digits(3)}", f"+1 415 555 01{self.digits(2)}",
            f"+64 21 {self.digits(3)} {self.digits(4)}",
        ))  # fmt: skip
        return [(form, "PHONE")]

    def email(self) -> list[Segment]:
        given, surname = self.pick(GIVEN).lower(), re.sub(r"\W", "", self.pick(SURNAMES).lower())
        local = self.pick(
            (f"{given}.{surname}", f"{given[0]}{surname}", f"{surname}{self.digits(2)}")
        )
        domain = self.pick(("example.com", "example.com.au", "mail.example.org", "example.net"))
        return [(f"{local}@{domain}", "EMAIL")]

    def address(self) -> list[Segment]:
        number = str(self.rng.randint(1, 250))
        if self.rng.random() < 0.25:
            number = f"{self.rng.randint(1, 40)}/{number}"
        street = self.pick(STREETS)
        suburb, state, postcode = self.pick(SUBURBS)
        form = self.pick((
            f"{number} {street}, {suburb} {state} {postcode}", f"{number} {street}, {suburb}",
            f"{number} {street} {suburb} {state} {postcode}",
            (f"Unit {number.split('/')[-1]} "
             f"{self.rng.randint(1, 300)} {street}, {suburb} {state}"),
            f"PO Box {self.rng.randint(10, 9999)}, {suburb} {state} {postcode}",
        ))  # fmt: skip
        return [(form, "ADDRESS")]

    def medicare(self) -> list[Segment]:
        d = checksums.make_medicare(self.rng, with_irn=self.rng.random() < 0.3)
        spaced = f"{d[:4]} {d[4:9]} {d[9]}" + (f"/{d[10]}" if len(d) == 11 else "")
        return [(self.pick((d, spaced)), "MEDICARE")]

    def ihi(self) -> list[Segment]:
        d = checksums.make_ihi(self.rng)
        return [(self.pick((d, f"{d[:4]} {d[4:8]} {d[8:12]} {d[12:]}")), "IHI")]

    def tfn(self) -> list[Segment]:
        d = checksums.make_tfn(self.rng)
        return [(self.pick((d, f"{d[:3]} {d[3:6]} {d[6:]}")), "TFN")]

    def abn(self) -> list[Segment]:
        d = checksums.make_abn(self.rng)
        return [(self.pick((d, f"{d[:2]} {d[2:5]} {d[5:8]} {d[8:]}")), "ABN")]

    def url(self) -> list[Segment]:
        form = self.pick((
            f"https://portal.example.org/patients/{self.digits(6)}",
            f"https://www.example.com.au/booking?ref={self.digits(8)}",
            f"http://intranet.example.net/cases/{self.digits(5)}/notes",
            f"www.example.com/u/{self.pick(GIVEN).lower()}",
        ))  # fmt: skip
        return [(form, "URL")]

    def ip(self) -> list[Segment]:
        form = self.pick((
            f"192.0.2.{self.rng.randint(1, 254)}", f"198.51.100.{self.rng.randint(1, 254)}",
            f"203.0.113.{self.rng.randint(1, 254)}", f"10.{self.rng.randint(0, 255)}.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}",
            f"2001:db8::{self.rng.randint(1, 0xFFFF):x}",
        ))  # fmt: skip
        return [(form, "IP")]

    # Unlabelled filler, some of it built to look like personal data.
    def lookalike(self) -> list[Segment]:
        while True:
            number = self.digits(self.pick((9, 10, 11)))
            if not (checksums.tfn_valid(number) or checksums.medicare_valid(number)
                    or checksums.abn_valid(number)):  # fmt: skip
                return [(number, None)]

    def filler(self, name: str) -> list[Segment]:
        values: dict[str, Callable[[], str]] = {
            "complaint": lambda: self.pick(COMPLAINTS),
            "ward": lambda: self.pick(WARDS),
            "time": lambda: f"{self.rng.randint(0, 23):02d}:{self.rng.randint(0, 59):02d}",
            "mrn": lambda: f"{self.rng.randint(1000000, 9999999)}",
            "bp": lambda: f"{self.rng.randint(95, 170)}/{self.rng.randint(55, 100)}",
            "dose": lambda: self.pick(("1/2 tab", "500 mg", "2 x 5 mg", "10 mL", "1-2 tabs")),
            "bed": lambda: str(self.rng.randint(1, 40)),
        }
        return [(values[name](), None)]


# Upper-case placeholders are labelled values; lower-case ones are filler.
TEMPLATES = (
    "{time} ED triage: {PERSON} (DOB {DATE}) presented with {complaint}. BP {bp}.",
    "Pt {PERSON}, MRN {mrn}, Medicare {MEDICARE}, admitted to {ward}.",
    "NOK {PERSON} contactable on {PHONE}.",
    "{PERSON} lives at {ADDRESS}; GP is {PERSON}.",
    "Referral from {PERSON}, reply to {EMAIL} or fax {PHONE}.",
    "IHI {IHI} verified against HI Service for {PERSON} at {time}.",
    "Discharge summary sent to {ADDRESS}. Review on {DATE}.",
    "Payroll: TFN {TFN}, ABN {ABN}; lab ref {lookalike} (not an identifier).",
    "Supplier invoice ABN {ABN} for {dose} packs; batch {lookalike}.",
    "Login to {URL} from {IP} by {EMAIL} at {time}.",
    "Telehealth link {URL} sent to {PHONE}.",
    "Seen by {PERSON} in bed {bed}; plan {dose} PRN, next review {DATE}.",
    "{PERSON} called from {PHONE} re results; confirmed DOB {DATE}.",
    "Address updated to {ADDRESS} per {PERSON}.",
    "Pathology request for {PERSON}, Medicare {MEDICARE}, IHI {IHI}.",
    "Firewall blocked {IP} after failed logins for user {EMAIL}.",
    "Carer {PERSON} ({PHONE}) to collect patient at {time}.",
    "Spoke with {PERSON} re {complaint}; BP {bp}, pulse {bed}.",
    "Pt reports {complaint} since {DATE}; no known allergies.",
    "Consent form signed by {PERSON} on {DATE}, witness {PERSON}.",
    "New patient: {PERSON}, born {DATE}, {ADDRESS}, mobile {PHONE}, email {EMAIL}.",
    "Tax declaration received (TFN {TFN}) for locum {PERSON}.",
    "Audit: record {mrn} viewed from {IP} via {URL}.",
    "Wound dressing changed in {ward}, {dose} given at {time}. Nil concerns.",
    "Obs stable, BP {bp}, plan {dose} mane; lab no. {lookalike}.",
)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _render(writer: _Writer, template: str) -> Example:
    text: list[str] = []
    spans: list[Span] = []
    cursor = 0
    # split() with one group alternates literal text (even) and placeholder names (odd).
    for i, piece in enumerate(_PLACEHOLDER.split(template)):
        if i % 2 == 0:
            segments = [(piece, None)]
        elif piece.isupper():
            segments = getattr(writer, piece.lower())()
        elif piece == "lookalike":
            segments = writer.lookalike()
        else:
            segments = writer.filler(piece)
        for value, label in segments:
            if label is not None:
                spans.append(Span(cursor, cursor + len(value), label))
            text.append(value)
            cursor += len(value)
    return Example("".join(text), tuple(spans))


def generate(count: int, seed: int = 8) -> Iterator[Example]:
    """``count`` synthetic labelled lines, the same for the same ``seed``."""
    writer = _Writer(random.Random(seed))
    for _ in range(count):
        yield _render(writer, writer.pick(TEMPLATES))


def to_json_line(example: Example) -> str:
    """One corpus line for ``example``, marked ``"generated": true``.

    The mark is what the gate refuses (``evaluate.load_corpus``): generated text
    measures agreement with the generator, not redaction of a team's data.
    """
    spans = [{"start": s.start, "end": s.end, "label": s.label} for s in example.spans]
    record = {"text": example.text, "spans": spans, "generated": True}
    return json.dumps(record, ensure_ascii=False)


def write(path: Path | str, count: int, seed: int = 8) -> int:
    """Write a corpus of ``count`` lines to ``path``; returns the number written."""
    with open(path, "w", encoding="utf-8") as out:
        out.writelines(to_json_line(example) + "\n" for example in generate(count, seed))
    return count
