"""Train the redaction NER model (PERSON, ADDRESS) shipped in ``data/ner``.

    python -m sluicegate.redaction.train [--out DIR] [--examples 6000] [--epochs 12] [--seed 14]

Training text is made here from templates in many registers (clinical notes,
e-mail, chat, letters, forms, logs) filled with names and addresses from Faker's
locale data (dev dependency), so no line of it is a line of any evaluation
corpus: the hand-written corpora stay unseen. The script prints its data sizes
and, per label, the scores on a dev split of its own text and on the
hand-written tuning lines (``data.TUNING``); the held-out lines
(``data.HELD_OUT``) are never read here. Same seed, same model.

The model is a blank English pipeline with one small ``tok2vec`` + ``ner``
(hash embeddings, no vectors), a few MB on disk. Check-digit and contact
recognizers stay rules: the model only learns what has no pattern.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sluicegate.redaction.spans import Span

NER_LABELS = ("PERSON", "ADDRESS")
# Latin-script locales: names from many communities that appear in Australian text.
NAME_LOCALES = (
    "en_AU", "en_NZ", "en_GB", "en_IE", "en_US", "en_IN", "en_NG", "en_PH", "en_KE", "en_PK",
    "fr_FR", "de_DE", "it_IT", "es_ES", "es_MX", "pt_BR", "pl_PL", "nl_NL", "tr_TR", "vi_VN",
    "id_ID", "yo_NG", "ig_NG", "zu_ZA", "fi_FI", "sv_SE", "cs_CZ", "hr_HR", "ro_RO", "ga_IE",
    "sw", "tw_GH", "ha_NG", "fil_PH", "da_DK", "hu_HU", "sq_AL", "lt_LT",
)  # fmt: skip
# Locales whose Faker addresses read like real ones (number, street, town, postcode).
ADDRESS_LOCALES = (
    "en_AU", "en_AU", "en_AU", "en_NZ", "en_GB", "en_IE", "en_US", "en_CA", "fr_FR", "de_DE",
    "it_IT", "es_ES", "nl_NL", "pl_PL", "pt_PT", "en_IN", "zu_ZA", "fil_PH",
)  # fmt: skip
TITLES = ("Dr", "Dr.", "Mr", "Mrs", "Ms", "Miss", "Prof", "Sister", "Nurse", "Mx", "Rev")
# Capitalised words that are not names, for negatives and fillers.
THINGS = (
    "Panadol", "Endone", "Warfarin", "Metformin", "Ventolin", "Grace period", "May review",
    "Will call", "Ward 4B", "ICU", "Royal Melbourne", "Box Hill", "Medicare", "Centrelink",
    "Monday", "Friday", "Christmas", "Easter", "Telstra", "Outlook", "Teams", "Zoom",
    "Emergency", "Pathology", "Radiology", "St Vincent's", "Westmead", "Alfred", "Austin",
    "Epworth", "Northern Health", "Cardiology", "Oncology", "Physio", "OT", "NDIS",
)  # fmt: skip
ROLES = (
    "daughter", "son", "wife", "husband", "partner", "mother", "father", "carer", "neighbour",
    "friend", "sister", "brother", "interpreter", "case manager", "GP", "locum", "registrar",
)  # fmt: skip

# {P} a person, {A} an address, {T} a titled surname (title outside the span),
# {G} a given name alone, {p} a lower-case person (chat); the rest is filler.
TEMPLATES = (
    # clinical notes
    "{P} admitted overnight with {issue}, family aware.",
    "pt {p} seen in clinic, {issue} settling, r/v 2/52",
    "Hx from {role} {G}: {issue} x3 days, nil fevers.",
    "{T} reviewed, happy for d/c home to {A}.",
    "Handover: bed {n} {P}, {issue}, obs stable, {thing} charted.",
    "Lives alone at {A}, {role} {P} visits daily.",
    "D/w {T} re {issue}; plan to repeat bloods {day}.",
    "Collateral from {P} ({role}) on {phone}.",
    "Seen with interpreter {P}. Patient {P} prefers to be called {G}.",
    "{P} is a {age} y/o with {issue} on {thing}.",
    "Transferred from {thing} to {thing}; accepting team {T}.",
    "Home visit to {A} cancelled, no answer.",
    "Please contact {P} before discharge, she is the EPOA.",
    "{thing} withheld, {T} aware. {issue} improving.",
    "Ambulance called to {A} for {issue}.",
    "Wound review: {P}, {issue}, dressing by {T}.",
    "Mental state exam: {G} calm, reactive, denies SI.",
    "Patient name: {P}\nAddress: {A}\nPhone: {phone}",
    "Name: {P}; DOB {date}; residing {A}",
    # e-mail and letters
    "Hi {G},\n\nCould you send the results for {P} to {email}?\n\nThanks, {G}",
    "Dear {T},\nThank you for seeing {P}, who lives at {A}.",
    "Kind regards,\n{P}\nPractice Manager",
    "From: {P} <{email}>\nSubject: {issue}",
    "Re: referral for {P} - new address {A}",
    "Cheers {G}, I've forwarded it to {P} in {thing}.",
    "Best,\n{P}",
    "Attn {P}, {A}",
    "Please update the mailing address to {A} for {P}.",
    "Invoice to: {P}, {A}",
    "Our records show {T} moved to {A} in {month}.",
    # chat and SMS
    "hey {g} can u cover {p}'s shift on {day}",
    "{g} said {p} is running late lol",
    "omg {G} the {thing} printer is down again",
    "thx {g}! will ping {p} about the {issue}",
    "ok so {P} is at {A} now, pls update",
    "@{g} can you check on bed {n}?",
    "just spoke to {p}, all good",
    "{G}: on my way, 10 min",
    "msg from {G} - call back re {thing}",
    # forms, logs, admin
    "Next of kin: {P} ({role}), {phone}",
    "Emergency contact {P}, {A}",
    "Delivery for {P} left at {A}.",
    "Ticket #{n} raised by {P}: {thing} login fails.",
    "User {P} ({email}) reset password from {ip}.",
    "Booking confirmed for {P} on {date} at {thing}.",
    "{P}, {A}, {phone}",
    "Postal: {A}",
    "Meeting with {P} and {P} about {thing} on {day}.",
    "Signed: {P}  Witness: {P}",
    "{C} - {issue}",
    "Visitor log: {P} signed in at {time}.",
    "Care plan shared with {P} and {role} {G}.",
    "{Role} {P} present, {issue} discussed.",
    "{Role} {G} rang, will visit {day}.",
    "Moved from {A} last {month}; {thing} informed.",
    "Address {A}, {country}.",
    "Dispatched to {A} on {date} by {thing}.",
    "Call {G} back about {issue} when you can.",
    "told {g} to wait for {p}",
    # negatives: capitalised words and numbers that are not names or addresses
    "{thing} 500 mg mane, {thing} PRN; {issue}.",
    "Referred to {thing} for {issue}; {thing} booked {day}.",
    "Obs: BP {n}/80, HR {n}, afebrile. {thing} given.",
    "{thing} and {thing} clinic closed over {thing}.",
    "Level {n} {thing} meeting moved to {day}.",
    "Check {thing} results before {thing} round.",
    "{month} rota out, {thing} short staffed.",
    "Room {n} needs cleaning, {thing} aware.",
)
ISSUES = (
    "chest pain", "cellulitis", "a fall", "delirium", "UTI", "COPD exacerbation", "back pain",
    "low mood", "headache", "SOB", "poor oral intake", "wound breakdown", "AF with RVR",
)  # fmt: skip
COUNTRIES = ("Australia", "New Zealand", "Germany", "France", "UK", "Italy", "Canada", "Spain")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "tomorrow", "next week", "Sat")
MONTHS = ("January", "March", "June", "August", "October", "December")

Example = tuple[str, list[Span]]


class _Writer:
    """Fills templates with Faker values, recording each PERSON and ADDRESS span."""

    def __init__(self, seed: int) -> None:
        from faker import Faker  # dev dependency: training only, never at run time

        self.rng = random.Random(seed)
        self.fakers: dict[str, Faker] = {}
        for i, locale in enumerate(sorted({*NAME_LOCALES, *ADDRESS_LOCALES})):
            fake = Faker(locale)
            fake.seed_instance(seed + i)
            self.fakers[locale] = fake

    def fake(self, locales: tuple[str, ...]):
        return self.fakers[self.rng.choice(locales)]

    def given(self) -> str:
        return self.fake(NAME_LOCALES).first_name()

    def surname(self) -> str:
        return self.fake(NAME_LOCALES).last_name()

    def person(self) -> str:
        given, surname = self.given(), self.surname()
        r = self.rng.random()
        if r < 0.55:
            return f"{given} {surname}"
        if r < 0.65:
            return f"{given} {self.rng.choice('ABCDEFGHJKLMNPRSTW')}. {surname}"
        if r < 0.75:
            return f"{given} {self.given()} {surname}"
        if r < 0.85:
            return f"{surname.upper()}, {given}"
        return f"{given} {surname}"

    def address(self) -> str:
        locale = self.rng.choice(ADDRESS_LOCALES)
        fake = self.fakers[locale]
        if locale == "en_AU" and self.rng.random() < 0.2:
            return f"PO Box {self.rng.randint(1, 9999)}, {fake.city()} {fake.state_abbr()} {fake.postcode()}"
        lines = [line.strip() for line in fake.address().splitlines() if line.strip()]
        r = self.rng.random()
        if r < 0.3:
            return lines[0]
        return (" " if r < 0.5 else ", ").join(lines)

    def fill(self, name: str) -> tuple[str, str | None, str]:
        """(text, label, prefix outside the span) for placeholder ``name``."""
        rng = self.rng
        simple: dict[str, Callable[[], str]] = {
            "issue": lambda: rng.choice(ISSUES),
            "thing": lambda: rng.choice(THINGS),
            "role": lambda: rng.choice(ROLES),
            "Role": lambda: rng.choice(ROLES).capitalize(),
            "country": lambda: rng.choice(COUNTRIES),
            "day": lambda: rng.choice(DAYS),
            "month": lambda: rng.choice(MONTHS),
            "n": lambda: str(rng.randint(1, 40)),
            "age": lambda: str(rng.randint(18, 99)),
            "time": lambda: f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
            "date": lambda: f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(1940, 2020)}",
            "phone": lambda: f"04{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
            "ip": lambda: f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            "email": lambda: self._email(),
        }
        if name in simple:
            return simple[name](), None, ""
        if name == "P":
            return self.person(), "PERSON", ""
        if name == "p":
            return f"{self.given()} {self.surname()}".lower() if rng.random() < 0.5 else self.given().lower(), "PERSON", ""
        if name == "g":
            return self.given().lower() if rng.random() < 0.6 else self.given(), "PERSON", ""
        if name == "G":
            return self.given(), "PERSON", ""
        if name == "C":
            return f"{self.surname().upper()}, {self.given()}", "PERSON", ""
        if name == "T":
            surname = self.surname() if rng.random() < 0.6 else f"{self.given()} {self.surname()}"
            return surname, "PERSON", rng.choice(TITLES) + " "
        if name == "A":
            return self.address(), "ADDRESS", ""
        raise KeyError(name)

    def _email(self) -> str:
        local = re.sub(r"[^a-z]", "", self.given().lower()) or "info"
        return f"{local}{self.rng.randint(1, 99)}@example.org"


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _noise(writer: _Writer) -> str:
    """An English sentence of common words (Faker's word list), some capitalised:
    teaches the model that an unknown or capitalised word is not yet a name."""
    words = writer.fakers["en_US"].words(writer.rng.randint(3, 10))
    words = [w.capitalize() if writer.rng.random() < 0.15 else w for w in words]
    return " ".join(words).capitalize() + writer.rng.choice((".", ";", ",", " -", ":", "?"))


def make_examples(count: int, seed: int) -> list[Example]:
    """``count`` training lines with PERSON and ADDRESS spans, the same for the same seed.

    A fifth are plain noise sentences with no span; the others are a template,
    with a noise sentence before or after it half the time.
    """
    writer = _Writer(seed)
    out: list[Example] = []
    for _ in range(count):
        if writer.rng.random() < 0.2:
            out.append((_noise(writer), []))
            continue
        template = writer.rng.choice(TEMPLATES)
        r = writer.rng.random()
        if r < 0.25:
            template = _noise(writer).replace("{", "").replace("}", "") + " " + template
        elif r < 0.5:
            template = template + " " + _noise(writer).replace("{", "").replace("}", "")
        text, spans = "", []
        for i, piece in enumerate(_PLACEHOLDER.split(template)):
            if i % 2 == 0:
                text += piece
                continue
            value, label, prefix = writer.fill(piece)
            text += prefix
            if label is not None:
                spans.append(Span(len(text), len(text) + len(value), label))
            text += value
        out.append((text, spans))
    return out


def _config(width: int, rows: int) -> dict:
    """A small NER: hash embeddings and a two-layer CNN, no pretrained vectors."""
    return {
        "model": {
            "@architectures": "spacy.TransitionBasedParser.v2",
            "state_type": "ner",
            "extra_state_tokens": False,
            "hidden_width": 64,
            "maxout_pieces": 2,
            "use_upper": True,
            "nO": None,
            "tok2vec": {
                "@architectures": "spacy.HashEmbedCNN.v2",
                "pretrained_vectors": None,
                "width": width,
                "depth": 2,
                "embed_size": rows,
                "window_size": 1,
                "maxout_pieces": 3,
                "subword_features": True,
            },
        }
    }


def _to_docs(nlp, examples: list[Example]) -> tuple[list, int]:
    from spacy.training import Example as SpacyExample

    docs, dropped = [], 0
    for text, spans in examples:
        doc = nlp.make_doc(text)
        ents = [doc.char_span(s.start, s.end, s.label, alignment_mode="strict") for s in spans]
        if any(e is None for e in ents):
            dropped += 1  # a span that does not fall on token boundaries teaches nothing
            continue
        docs.append(SpacyExample.from_dict(doc, {"entities": [(s.start, s.end, s.label) for s in spans]}))
    return docs, dropped


def train(
    out: Path, examples: int = 6000, epochs: int = 12, seed: int = 14, width: int = 64,
    rows: int = 4000, log: Callable[[str], None] = print,
) -> Path:
    """Train and save the model to ``out``; log sizes and per-label scores."""
    import spacy
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    data = make_examples(examples, seed)
    split = len(data) // 10
    dev, learn = data[:split], data[split:]
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner", config=_config(width, rows))
    for label in NER_LABELS:
        ner.add_label(label)
    train_docs, dropped = _to_docs(nlp, learn)
    spans = sum(len(e.reference.ents) for e in train_docs)
    log(f"training lines {len(train_docs)} ({dropped} dropped, misaligned), spans {spans}; "
        f"dev lines {len(dev)}; templates {len(TEMPLATES)}; locales {len(NAME_LOCALES)}")
    optimizer = nlp.initialize(lambda: train_docs)
    rng = random.Random(seed)
    for epoch in range(epochs):
        started = time.perf_counter()
        rng.shuffle(train_docs)
        losses: dict[str, float] = {}
        for batch in minibatch(train_docs, size=32):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.15)
        log(f"epoch {epoch + 1}: loss {losses['ner']:.0f} ({time.perf_counter() - started:.0f} s)")
    nlp.meta.update({
        "name": "sluicegate_redaction_ner",
        "version": _version(seed, examples, epochs),
        "description": "PERSON and ADDRESS spans; trained by sluicegate.redaction.train",
    })
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    _report(nlp, dev, "dev (generated, held out of training)", log)
    from sluicegate.redaction.data import TUNING
    from sluicegate.redaction.evaluate import load_corpus

    tuning = [(e.text, [s for s in e.spans if s.label in NER_LABELS]) for e in load_corpus(TUNING)]
    _report(nlp, tuning, f"hand-written tuning lines ({TUNING.name})", log)
    return out


def _version(seed: int, examples: int, epochs: int) -> str:
    return f"1.0.0+s{seed}.n{examples}.e{epochs}"


def _report(nlp, examples: list[Example], title: str, log: Callable[[str], None]) -> None:
    counts = {label: [0, 0, 0] for label in NER_LABELS}
    for doc, (_, gold) in zip(nlp.pipe(text for text, _ in examples), examples, strict=True):
        found = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        want = {(s.start, s.end, s.label) for s in gold}
        for label in NER_LABELS:
            f = {x for x in found if x[2] == label}
            w = {x for x in want if x[2] == label}
            counts[label][0] += len(f & w)
            counts[label][1] += len(f - w)
            counts[label][2] += len(w - f)
    log(f"{title}: {len(examples)} lines")
    for label, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
        log(f"  {label:8} gold {tp + fn:4}  P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")


def iter_lines(examples: list[Example]) -> Iterator[str]:
    """Training lines as corpus JSON (for inspecting what the model learned from)."""
    for text, spans in examples:
        yield json.dumps({"text": text, "spans": [
            {"start": s.start, "end": s.end, "label": s.label} for s in spans]}, ensure_ascii=False)


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and train."""
    from sluicegate.redaction.engines.model import MODEL_DIR

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--examples", type=int, default=6000)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--dump", type=Path, help="Also write the training lines here.")
    args = parser.parse_args(argv)
    if args.dump:
        lines = make_examples(args.examples, args.seed)
        args.dump.write_text("".join(line + "\n" for line in iter_lines(lines)), encoding="utf-8")
    train(args.out, args.examples, args.epochs, args.seed)


if __name__ == "__main__":
    main()
