"""Sentences composed from fragments, for the training text (round 6).

Fixed templates teach the model the words around a name in each template; on text
written by someone else those words differ. Here a sentence is put together from a
subject, a verb, an object and a prepositional or time phrase, any of which may be a
person, an address or a look-alike that is neither (a drug, a place or service named
after someone, a city, a weekday, an eponym, a common noun). A name then appears at
the start of a sentence, as the object of a verb, after a preposition, in a list, in
a possessive, in reported speech and in a subordinate clause, mostly with no cue
word before it. The fragments are general English of several registers (clinical,
office, customer service, family, delivery, banking), written here from general
knowledge; none is a line or a phrase of an evaluation corpus.

``sentence(rng, lower)`` returns a template for ``train._Writer.fill``: ``{N}`` a
person in any of the shapes people write, ``{A}`` an address, ``{T}`` a titled
surname (the title outside the span); the other placeholders fill look-alikes and
filler that are not spans.
"""

from __future__ import annotations

import random

# Subjects that are not a person's name.
_OTHER_SUBJECTS = (
    "The patient", "She", "He", "They", "Mum", "My brother", "Our manager", "The courier",
    "Reception", "The night team", "Nobody", "The client", "Security", "The GP", "Her son",
    "His wife", "The landlord", "A neighbour", "The driver", "The interpreter", "The school",
    "The bank", "The office", "Everyone", "The caller", "I", "We", "The tenant", "Dad",
    "The new starter", "The team", "Someone from {org}", "{org}", "The {role}", "Her {role}",
)  # fmt: skip
# Verbs that take a person (or a thing) as object, past tense or present.
_TRANSITIVE = (
    "called", "rang", "emailed", "texted", "messaged", "met", "visited", "saw", "thanked",
    "asked", "told", "reminded", "helped", "paid", "hired", "interviewed", "introduced",
    "invited", "collected", "picked up", "dropped off", "drove", "referred", "admitted",
    "discharged", "examined", "reviewed", "treated", "assessed", "contacted", "cc'd",
    "forwarded it to", "spoke to", "waited for", "looked after", "replaced", "relieved",
    "handed over to", "gave the keys to", "sent the form to", "is caring for", "works with",
    "lives with", "is married to", "is staying with", "phoned", "warned", "booked",
    "followed up with", "caught up with", "apologised to", "emailed back", "paged",
    "escalated it to", "left a message for", "signed for", "vouched for", "trained",
    "supervised", "interviewed", "transferred the money to", "owes", "blamed", "found",
    "is looking for", "is expecting", "has not heard from", "will meet", "needs to see",
)  # fmt: skip
# Verb phrases with no object.
_INTRANSITIVE = (
    "arrived", "left early", "rang back", "called in sick", "resigned", "complained",
    "agreed", "declined", "fell", "collapsed", "recovered well", "is on leave", "was late",
    "signed the form", "missed the appointment", "did not attend", "is waiting in reception",
    "has gone home", "sent apologies", "asked for a refund", "paid the invoice",
    "started today", "will be back {day}", "is unwell", "won the raffle", "needs a lift",
    "cannot make it", "moved house", "is running late", "took the bloods", "stayed overnight",
    "went to {city}", "flew in from {city}", "is in {city} until {month}", "said no",
    "is happy with the plan", "wants a call back", "lost the paperwork", "has the keys",
    "changed her number", "changed his password", "is off today", "finished the course",
)  # fmt: skip
# Objects that are neither a person nor an address (look-alikes and filler).
_OTHER_OBJECTS = (
    "the {w}", "{org}", "{drug}", "{city}", "{Q} {inst}", "the {role}", "them", "her",
    "him", "everyone", "the {w} team", "{thing}", "the office", "the pharmacy", "{epo}",
)  # fmt: skip
# Phrases after the verb: time, place and other people.
_PHRASES = (
    "on {day}", "at {time}", "this morning", "last night", "after lunch", "before {time}",
    "in {month}", "in {city}", "near {city}", "via {org}", "at {org}", "by phone",
    "by email", "again", "twice", "yesterday", "today", "on the weekend", "after the meeting",
)  # fmt: skip
_PERSON_PHRASES = (
    "with {N}", "for {N}", "about {N}", "on behalf of {N}", "instead of {N}", "from {N}",
    "to {N}", "and {N}", "before {N}", "after {N}", "alongside {N}", "without {N}",
    "with {N} and {N}", "for {N}'s {noun}",
)  # fmt: skip
_ADDRESS_PHRASES = ("at {A}", "to {A}", "from {A}", "outside {A}", "near {A}")
# Openings of a sentence; some carry a person.
_LEADS = (
    "Yesterday", "This morning", "Today", "As discussed,", "Unfortunately", "FYI",
    "Just so you know,", "Later", "Earlier", "Apparently", "Sadly", "Good news:", "Update:",
    "On {day}", "At {time}", "Overnight", "In the end", "Meanwhile", "Also", "Then",
)  # fmt: skip
_PERSON_LEADS = (
    "As agreed with {N},", "According to {N},", "After {N} left,", "When {N} rang,",
    "Before {N} arrived,", "Because {N} was away,", "Per {N},", "Following the call with {N},",
    "Once {N} is back,", "While {N} was on leave,", "Like {N},", "Unlike {N},",
    "Thanks to {N},", "Together with {N},", "If {N} agrees,",
)  # fmt: skip
_NOUNS = (
    "car", "phone", "results", "appointment", "application", "flight", "invoice", "password",
    "parcel", "bag", "keys", "dog", "laptop", "referral", "claim", "booking", "mother", "son",
    "shift", "leave", "scan", "lease", "account", "order", "script", "visa", "wheelchair",
)  # fmt: skip
_NOUN_STATES = (
    "is ready", "came back", "was cancelled", "is overdue", "has been moved to {day}",
    "is at reception", "needs updating", "got lost", "expired", "was approved",
    "is still missing", "arrived {day}", "was declined", "is on the desk",
)  # fmt: skip
_JOBS = (
    "receptionist", "accountant", "nurse", "teacher", "courier", "plumber", "consultant",
    "tenant", "lawyer", "engineer", "student", "volunteer", "chef", "coordinator", "cleaner",
    "pharmacist", "supervisor", "carer", "driver", "manager", "intern", "paramedic",
)  # fmt: skip
_QUESTIONS = (
    "Has anyone seen {N}?", "Is {N} in today?", "Where is {N}?", "Who is looking after {N}?",
    "Can {N} cover {day}?", "Does {N} know?", "Did {N} get the {noun}?", "Has {N} been told?",
    "Is {N} still at {A}?", "Could {N} call me back?", "Why did {N} leave?",
    "What time is {N} coming?", "Have you heard from {N}?", "Was {N} there?",
)  # fmt: skip
_ADDRESS_SENTENCES = (
    "{N} lives at {A}.", "{S0} moved to {A} in {month}.", "Ship it to {A}.",
    "My address is {A}.", "The office at {A} is closed on {day}.", "Mail to {N}, {A}.",
    "{A} is {N}'s new address.", "We are at {A} until {month}.", "{N} is renting {A}.",
    "Send the {noun} to {N} at {A}.", "The parcel went to {A} instead.",
    "{S0} is staying at {A} with {N}.", "Please update the address to {A}.",
    "Her old address, {A}, is still on file.", "{N} bought the house at {A}.",
    "Deliveries for {N} go to {A}, not {city}.",
)  # fmt: skip
_IMPERATIVES = (
    "Please call {N} on {phone}.", "Ask {N} about the {noun}.", "Tell {N} the {noun} {state}.",
    "Remind {N} to bring the {noun}.", "Send {N} the forms.", "Let {N} know.",
    "Give {N} a ring {phone2}.", "Please thank {N} for {ing}.", "Check with {N} first.",
    "Don't forget {N}'s {noun}.", "Loop in {N} and {N}.", "Add {N} to the list.",
)  # fmt: skip
# Things that open a note line, capitalised and no name ("Swab collected", "Device
# seen on wifi"), with what is said of them.
_THINGS = (
    "Swab", "Specimen", "Device", "Parcel", "Letter", "Form", "Scan", "Report", "Invoice",
    "Payment", "Script", "Referral", "Dressing", "Catheter", "Sample", "Wound", "Cannula",
    "Results", "Printer", "Email", "Meeting", "Appointment", "Booking", "Bloods", "Urine",
    "Culture", "Pathology", "Order", "Delivery", "Request", "Package", "Fax", "Voicemail",
    "Consent", "Laptop", "Badge", "Shift", "Roster", "Transfer", "Ticket", "Account",
)  # fmt: skip
_THING_STATES = (
    "collected", "received", "sent", "pending", "cancelled", "lost", "returned", "signed",
    "updated", "approved", "declined", "rescheduled", "done", "taken", "changed", "due",
    "overdue", "checked", "seen", "logged", "filed", "printed", "reviewed", "charted",
)  # fmt: skip
# Subjectless note openings: a past participle or an imperative, then its object.
_OPENERS = (
    "Forwarded to", "Sent to", "Collected by", "Reviewed by", "Seen by", "Called",
    "Spoke to", "Referred to", "Handed over to", "Discussed with", "Copied to", "Paid to",
    "Booked with", "Emailed", "Rang", "Messaged", "Visited", "Met", "Thanked", "Asked",
    "Reminded", "Waiting for", "Delivered to", "Returned to", "Signed by", "Checked by",
    "Moved to", "Posted to", "Assigned to", "Escalated to", "Reassigned from",
)  # fmt: skip
_ING = (
    "covering", "helping out", "the flowers", "sorting it", "the lift", "staying late",
    "the update", "calling back", "the cake", "the referral",
)  # fmt: skip


def _pick(rng: random.Random, options: tuple[str, ...]) -> str:
    return rng.choice(options)


def _subject(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.3:
        return "{N}"
    if r < 0.37:
        return "{N} and {N}"
    if r < 0.4:
        return "{N}, {N} and {N}"
    if r < 0.45:
        return "{T}"
    if r < 0.6:
        return "{W}" if rng.random() < 0.5 else "The {w}"
    return _pick(rng, _OTHER_SUBJECTS)


def _object(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.45:
        return "{N}"
    if r < 0.52:
        return "{N} and {N}"
    if r < 0.55:
        return "{N}, {N} and {N}"
    if r < 0.6:
        return "{T}"
    if r < 0.64:
        return "her {role} {N}" if rng.random() < 0.5 else "{N} ({role})"
    if r < 0.68:
        return "{N} from {org}"
    if r < 0.71:
        return "{N}, the {job}"
    return _pick(rng, _OTHER_OBJECTS)


def _phrase(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        return ""
    if r < 0.65:
        return " " + _pick(rng, _PHRASES)
    if r < 0.85:
        return " " + _pick(rng, _PERSON_PHRASES)
    return " " + _pick(rng, _ADDRESS_PHRASES)


# Words and numbers that are neither an address nor a name: measurements, rooms,
# levels, scores, references ("Level 4", "Hb 98, CRP 140", "Invoice 51 824 753 557").
_MEASURES = (
    "Level", "Bed", "Room", "Bay", "Ward", "Gate", "Platform", "Score", "Ticket", "Order",
    "Invoice", "Ref", "Job", "Case", "Hb", "CRP", "WCC", "Na", "K", "Temp", "HR", "RR",
    "Sats", "GCS", "BSL", "INR", "Pain score", "Wells score", "Weight", "Dose", "Batch",
    "Lot", "Version", "Build", "Step", "Stage", "Grade", "Week", "Day", "Cycle", "Item",
)  # fmt: skip


def _measures(rng: random.Random) -> str:
    """A run of measures and references, each a word and a number."""
    parts = []
    for _ in range(rng.randint(1, 4)):
        word = _pick(rng, _MEASURES)
        r = rng.random()
        if r < 0.5:
            number = str(rng.randint(1, 400))
        elif r < 0.7:
            number = f"{rng.randint(1, 99)}.{rng.randint(0, 9)}"
        elif r < 0.85:
            number = " ".join(str(rng.randint(10, 999)) for _ in range(rng.randint(2, 4)))
        else:
            number = f"{rng.randint(1, 40)}{rng.choice('ABCD')}"
        parts.append(f"{word} {number}")
    return rng.choice((", ", " and ", "; ", " ")).join(parts)


def _note(rng: random.Random) -> str:
    """A clause that opens with a capitalised word that is no name."""
    r = rng.random()
    if r < 0.15:
        return _measures(rng) + rng.choice(("", " noted", " today", ", {issue}"))
    if r < 0.3:  # a heading: "Admin log:", "Correspondence address:"
        head = _pick(rng, _THINGS) if rng.random() < 0.5 else "{W}"
        tail = rng.choice(("", " log", " note", " address", " update", " details"))
        body = rng.choice(("{N}", "{A}", "{w} {w}", _measures(rng), "{N} ({role})"))
        return f"{head}{tail}: {body}"
    if r < 0.45:  # "Courier to Flat 12B, ...", "Parcel for Ana"
        head = _pick(rng, _THINGS) if rng.random() < 0.6 else "{W}"
        prep = rng.choice(("to", "for", "from", "at", "via", "with"))
        return f"{head} {prep} {rng.choice(('{N}', '{A}', '{org}', '{city}'))}{_phrase(rng)}"
    if r < 0.65:
        thing = _pick(rng, _THINGS) if rng.random() < 0.6 else "{W}"
        return f"{thing} {_pick(rng, _THING_STATES)}{_phrase(rng)}"
    opener = _pick(rng, _OPENERS)
    r = rng.random()
    target = "{N}" if r < 0.5 else "{A}" if r < 0.65 else _pick(rng, _OTHER_OBJECTS)
    return f"{opener} {target}{_phrase(rng)}"


def _clause(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        return _note(rng)
    kind = rng.random()
    if kind < 0.4:
        return f"{_subject(rng)} {_pick(rng, _TRANSITIVE)} {_object(rng)}{_phrase(rng)}"
    if kind < 0.65:
        return f"{_subject(rng)} {_pick(rng, _INTRANSITIVE)}{_phrase(rng)}"
    if kind < 0.72:
        return f"{{N}} said {{N}} {_pick(rng, _INTRANSITIVE)}"
    if kind < 0.8:
        return f"{{N}}'s {_pick(rng, _NOUNS)} {_pick(rng, _NOUN_STATES)}"
    if kind < 0.86:
        return f"{{N}}, the {_pick(rng, _JOBS)}, {_pick(rng, _INTRANSITIVE)}"
    if kind < 0.91:
        return f"{{N}}, who {_pick(rng, _INTRANSITIVE)}, {_pick(rng, _TRANSITIVE)} {_object(rng)}"
    if kind < 0.96:
        return f"{{N}} {_pick(rng, _INTRANSITIVE)} and {{N}} {_pick(rng, _INTRANSITIVE)}"
    return f"It was {{N}} who {_pick(rng, _TRANSITIVE)} {_object(rng)}"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def sentence(rng: random.Random, lower: bool = False) -> str:
    """One or two composed sentences as a template (``lower``: a chat line, every
    fragment in lower case and the people in it too)."""
    r = rng.random()
    if r < 0.1:
        text = _pick(rng, _QUESTIONS)
    elif r < 0.2:
        text = _pick(rng, _ADDRESS_SENTENCES)
    elif r < 0.28:
        text = _pick(rng, _IMPERATIVES)
    else:
        clause = _clause(rng)
        lead = rng.random()
        if lead < 0.35:
            leads = _LEADS if lead < 0.2 else _PERSON_LEADS
            if clause[:1].isupper() and not clause.startswith("I "):
                clause = clause[0].lower() + clause[1:]
            clause = f"{_pick(rng, leads)} {clause}"
        text = _capitalise(clause) + rng.choice((".", ".", ".", "!", ";", ""))
        if rng.random() < 0.3:
            second = _clause(rng)
            text += " " + _capitalise(second) + "."
    text = (
        text.replace("{noun}", _pick(rng, _NOUNS))
        .replace("{state}", _pick(rng, _NOUN_STATES))
        .replace("{job}", _pick(rng, _JOBS))
        .replace("{ing}", _pick(rng, _ING))
        .replace("{phone2}", rng.choice(("on {phone}", "", "when you can")))
    )
    if lower:
        # placeholders keep their names; {nl} is a person written in lower case
        text = text.replace("{N}", "{nl}").replace("{S0}", "{nl}")
        out, i = "", 0
        while i < len(text):
            if text[i] == "{":
                j = text.index("}", i)
                out, i = out + text[i : j + 1], j + 1
            else:
                out, i = out + text[i].lower(), i + 1
        text = out
    return text.replace("{S0}", "{N}")
