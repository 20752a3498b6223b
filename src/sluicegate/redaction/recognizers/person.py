"""People's names, without a statistical model.

Evidence that a run of capitalised words is a name, any one of which suffices:
a title before it (``Dr``, ``Mrs``); a role before it (``daughter``, ``escort``);
a cue before it (``patient``, ``seen by``, ``NOK``) and at least two words; a
first word that is a known given name (``data/given_names.txt``); or a last word
that is a known surname (``data/surnames.txt``). ``SURNAME, Given`` is read as a
name. Titles are not part of the span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from sluicegate.redaction.recognizers.base import PatternRecognizer
from sluicegate.redaction.spans import Span

_TITLES = frozenset((
    "Dr", "Mr", "Mrs", "Ms", "Miss", "Mx", "Prof", "Professor", "Sister", "Sr", "Nurse",
    "Rev", "Father", "Dame", "Sir",
    # round 5: honorifics and ranks, outside the span as titles are ("Uncle Clarence
    # Walley", "Pastor Emmanuel Osei", "Constable Aditya Rao", "Bà Nguyễn Thị Lan")
    "Aunty", "Auntie", "Uncle", "Elder", "Pastor", "Imam", "Sheikh", "Rabbi", "Constable",
    "Sergeant", "Sgt", "Nonna", "Nonno", "Bà", "Ông", "Fr", "Matron", "Chaplain",
))  # fmt: skip
# Words for a person's role or relation: after one of these, a single capitalised
# word is a name ("daughter Mereana", "escort Kylie").
_ROLES = (
    "wife|husband|son|daughter|mother|father|partner|carer|sister|brother|aunt|uncle"
    "|grandmother|grandfather|granddaughter|grandson|niece|nephew|friend|neighbour|guardian"
    "|dear|escort|visitor|interpreter|locum|resident|client|caller|colleague"
    # round 5: jobs, before a colon or not ("Radiographer: Dragana", "manager Chiara")
    "|radiographer|sonographer|physio|physiotherapist|pharmacist|midwife|clinician|worker"
    "|coordinator|manager|therapist|dietitian|psychologist|paramedic|orderly|spokesperson"
    # round 7: a maiden name ("née Stavrou"), a tenant or a guest
    "|née|nee|tenant|guest|applicant|claimant"
)
# Greetings and sign-offs before a single name ("Hi Priyanka,", "Morning Yara!", "Kia ora
# Hemi", "welcome Thandiwe", "Thanks, Gemma"): as after a role, one word is enough.
_GREETING = re.compile(
    r"(?i:\b(?:hi|hello|hey|hiya|morning|afternoon|evening|good (?:morning|afternoon|evening)"
    r"|kia ora|talofa|bula|thanks|thank you|thx|cheers|welcome|congrats|congratulations|bye)\b)"
    r"[:,!]?\s*$"
)
_CUE = re.compile(
    r"(?i:\b(?:patient|pt|name|seen by|reviewed by|attended by|referred by|signed|nok"
    r"|next of kin|contact|spoke (?:to|with)|informant|witness|per|by|called|cc|from|to|re"
    r"|regards|" + _ROLES + r")\b)[:,]?\s*$"
)
_ROLE = re.compile(r"(?i:\b(?:" + _ROLES + r")\b)[:,]?\s*$")
# Latin letters with diacritics too (Zoë, Łukasz, Nguyễn). Python's re has no
# \p{Lu}; the Extended-A and Vietnamese blocks mix cases, so they sit in both.
_UP = "A-ZÀ-ÖØ-ÞĀ-žḀ-ỿ"
_LO = "a-zß-öø-ÿĀ-žḀ-ỿ"
_PARTICLES = r"(?:van der|van den|van|von|de la|de|del|della|di|da|dos|du|le|bin|binti|al|ter)"
_TOKEN = (
    rf"(?:[{_UP}](?:[{_LO}]+(?:[{_UP}][{_LO}]+)?|['’][{_UP}][{_LO}]+)(?:-[{_UP}][{_LO}]+)?"
    rf"|[{_UP}]{{2,}}(?:[-'’][{_UP}]+)?)"
)
_INITIAL = rf"[{_UP}]\.?"
# A run of capitalised tokens (with particles and middle initials) that may hold a name;
# it never crosses a line break ("Svetlana Petrova\nClinical Nurse").
_RUN = re.compile(
    rf"(?<![\w@.'’-]){_TOKEN}"
    # a possessive ends the name before it ("Mrs Taufa's pain")
    rf"(?:[ \t](?:{_INITIAL}[ \t])?(?:{_PARTICLES}[ \t])?{_TOKEN})*(?!(?!['’]s\b)[\w@'’-])"
)
_PIECE = re.compile(rf"{_TOKEN}|(?<!\w){_INITIAL}(?!\w)|{_PARTICLES}")
_CAPS_FIRST = re.compile(
    rf"(?<![\w-])(?P<surname>[{_UP}]{{2,}}(?:[-'’][{_UP}]+)?),\s?"
    rf"(?P<given>[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?)(?:\s(?:{_INITIAL}(?!\w)|[{_UP}][{_LO}]+))?"
)
_MAX_WORDS = 4
_POSSESSIVE = re.compile(r"['’]s\b")
_SAINT = re.compile(r"\b(?:St|Saint)\.?[ ]$")


@cache
def _names(resource: str) -> frozenset[str]:
    text = resources.files("sluicegate.redaction.data").joinpath(resource).read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def given_names() -> frozenset[str]:
    """Given names that start a name on their own, lower-cased."""
    return _names("given_names.txt")


def surnames() -> frozenset[str]:
    """Common surnames that end a name of two or more words, lower-cased."""
    return _names("surnames.txt")


def stop_words() -> frozenset[str]:
    """Capitalised words that are never part of a name, lower-cased."""
    return _names("stop_words.txt")


def ambiguous_names() -> frozenset[str]:
    """Given names that are also words; they need more evidence."""
    return _names("ambiguous_names.txt")


@dataclass(frozen=True)
class PersonRecognizer:
    """Names from titles, cues, known given names and ``SURNAME, Given``."""

    label: str = "PERSON"
    priority: int = 30
    given: frozenset[str] = field(default_factory=given_names)
    ambiguous: frozenset[str] = field(default_factory=ambiguous_names)
    surnames: frozenset[str] = field(default_factory=surnames)
    stop: frozenset[str] = field(default_factory=stop_words)

    def find(self, text: str) -> Iterator[Span]:
        """Every name span in ``text``."""
        for match in _CAPS_FIRST.finditer(text):
            surname, given = match.group("surname"), match.group("given")
            # Capitalised clinical shorthand ("CXR, Bloods") has no vowel or is a stop word.
            plausible = len(surname) >= 2 and re.search("[AEIOUY]", surname) is not None
            # two capitals are an abbreviation ("94% RA, Ventolin", "Milano MI, Italy")
            # unless a known surname ("NG, Wei")
            plausible = plausible and (
                len(surname) > 2 or surname.lower() in self.surnames or given.lower() in self.given
            )
            if given.lower() not in self.stop and surname.lower() not in self.stop and plausible:
                yield Span(match.start(), match.end(), self.label)
        for run in _RUN.finditer(text):
            yield from self._names_in_run(text, run)

    def _names_in_run(self, text: str, run: re.Match[str]) -> Iterator[Span]:
        offset = run.start()
        pieces = [
            (m.start() + offset, m.end() + offset, m.group()) for m in _PIECE.finditer(run.group())
        ]
        titled = False
        chunk: list[tuple[int, int, str]] = []
        for piece in [*pieces, None]:
            word = piece[2].rstrip(".") if piece else None
            if piece is not None and word.lower() not in self.stop and word not in _TITLES:
                chunk.append(piece)
                continue
            if chunk:
                span = self._judge(text, chunk, titled)
                if span is not None:
                    yield span
                chunk = []
            titled = word in _TITLES

    def _judge(self, text: str, chunk: list[tuple[int, int, str]], titled: bool) -> Span | None:
        window = (text, max(0, chunk[0][0] - 30), chunk[0][0])
        greeting = _GREETING.search(*window)
        # "HI Service": an acronym, not a greeting
        greeted = greeting is not None and not greeting.group().strip(" \t\n:,!").isupper()
        cued = greeted or _CUE.search(*window) is not None
        role = greeted or _ROLE.search(*window) is not None
        if not (titled or cued):
            chunk = self._unannounced(text, chunk)
        # Particles and initials may sit inside a name, never at its edges.
        while chunk and not _is_word(chunk[-1][2]):
            chunk.pop()
        if not chunk or (not _is_word(chunk[0][2]) and not titled):
            return None
        chunk = chunk[:_MAX_WORDS]
        words = sum(1 for piece in chunk if _is_word(piece[2]))
        # A name before a possessive needs a title, a cue or a known given name first
        # ("Mrs Taufa's"): "St Vincent's", "Known Murphy's sign" are no names.
        if _POSSESSIVE.match(text, chunk[-1][1]) and (
            not (titled or cued) and chunk[0][2].lower() not in self.given
            or _SAINT.search(text, 0, chunk[0][0])  # "St Vincent's": a hospital, a school
        ):
            return None
        first = chunk[0][2].lower()
        if titled or role or words >= 2 or first in self.given or first in self.ambiguous:
            return Span(chunk[0][0], chunk[-1][1], self.label)
        return None

    def _unannounced(
        self, text: str, chunk: list[tuple[int, int, str]]
    ) -> list[tuple[int, int, str]]:
        """The part of a chunk with no title or cue before it that is a name, if any."""
        starts = [i for i in range(len(chunk)) if self._known(chunk, i)]
        if starts:
            i = starts[0]
            # A known given name with nothing after it is often the surname of an
            # unknown given name ("for Chidi Martin"), unless a sentence starts
            # with the word before it ("Phoned Jane").
            if i > 0 and i == len(chunk) - 1 and not _sentence_start(text, chunk[i - 1][0]):
                i -= 1
            return chunk[i:]
        words = [piece for piece in chunk if _is_word(piece[2])]
        if len(words) >= 2 and words[-1][2].lower() in self.surnames:
            first = next(i for i, piece in enumerate(chunk) if _is_word(piece[2]))
            if first == 0 and _sentence_start(text, chunk[0][0]) and len(words) > 2:
                first = 1  # "Reviewed Bao Hughes": the sentence's verb is not a name
            return chunk[first:]
        return []

    def _known(self, chunk: list[tuple[int, int, str]], i: int) -> bool:
        word = chunk[i][2].lower()
        followed = any(_is_word(piece[2]) for piece in chunk[i + 1 :])
        return word in self.given or (word in self.ambiguous and followed)


def _sentence_start(text: str, position: int) -> bool:
    """True when ``position`` opens the text or follows a full stop, colon or bullet."""
    before = text[:position].rstrip()
    return not before or before[-1] in ".!?:;-*•"


def _is_word(piece: str) -> bool:
    """A capitalised name word, not a particle or an initial."""
    return piece[0].isupper() and len(piece.rstrip(".")) > 1


# Round 5: names written in lower case, as in chat ("mrs kaur", "thx aisha", "@grace").
# Words that follow a title or a chat cue and are no name (a small list, so the rule
# engine needs nothing beyond the standard library).
_COMMON_AFTER = frozenset(
    "a an the and or but if so to of in on at by for with from about re is was are be been "
    "has had have will would can could should may might must do did does not no yes ok okay "
    "all any some this that these those it its he she they him her them his their you your "
    "u ur i im me my we us our here there now then today tomorrow tonight just still also "
    "too again already please pls said says say asked asks wants wanted rang called calls "
    "aware review reviewed saw seen sees ordered wrote writes back up out off over asap "
    "team everyone guys heaps much very so lol haha thanks thx cheers sorry "
    # particles open no name after a title ("Dr van der Berg" is capitalised elsewhere)
    "van von der den de da di du del della dos le la al el ben bin ibn ter "
    # "mr brain": magnetic resonance, not a title
    "brain spine head neck chest abdo abdomen pelvis knee hip shoulder liver angio".split()
)
# A lower-case word, with hyphens and apostrophes inside but not a possessive after it
# ("mrs petrovic's son": the name is "petrovic").
_LOWER_NAME = rf"[{_LO}]+(?:[-'’](?!s\b)[{_LO}]+)*(?![\w@-])(?!['’](?!s\b))"
_TITLE_LOWER = re.compile(
    rf"(?<![\w@.])(?:(?i:mr|mrs|dr)|Miss|Ms)\.?[ ](?P<name>{_LOWER_NAME})"
)
_CHAT_CUE = re.compile(
    rf"(?<![\w@.])(?i:hi|hey|hello|thx|thanks|ty|ta|cheers|yo|its|it's|ask|tell|told|ring"
    rf"|call|text|ping|msg"
    # round 7: more chat words before a known given name ("ok bec", "sorry jess", "rang
    # fatima", "cc deepa and arjun"), and a known given name opening a line ("bec can u")
    rf"|ok|okay|sorry|lol|rang|called|pls|plz|cc|and|with|to|wife|husband|mum|dad|sis|bro)"
    rf"(?:[ ](?:heaps|so much|again))?,?[ ](?P<name>{_LOWER_NAME})"
    rf"|(?:^|(?<=\n))(?P<opening>{_LOWER_NAME})(?=,?[ ](?:can|could|pls|u|ur|r|is|are|was"
    rf"|will|wants|said|says|has|had|did|just|ok|thx|thanks|here|there|rang|called)\b|:)"
)
# A lower-case name runs on over the particles and middle names after it ("rang nguyen
# van hai", "cc fatima al amin").
_LOWER_PARTICLE_TAIL = re.compile(
    rf"(?:[ ](?:van|thi|văn|thị|bin|binti|al|el|de|da|dos)[ ]{_LOWER_NAME})+"
)
_HANDLE = re.compile(rf"(?<![\w.])@(?P<name>{_LOWER_NAME})(?!\.\w)")


@dataclass(frozen=True)
class LowerCaseNameRecognizer:
    """Names in lower case: after a title (any word that is no common one: "mrs kaur",
    "dr haddad"), after ``@`` ("@grace"), and after a chat cue when a known given name
    ("hi dimitra", "thanks heaps jo", "ring lucia back")."""

    label: str = "PERSON"
    priority: int = 30
    given: frozenset[str] = field(default_factory=given_names)
    ambiguous: frozenset[str] = field(default_factory=ambiguous_names)
    stop: frozenset[str] = field(default_factory=stop_words)

    def find(self, text: str) -> Iterator[Span]:
        """Every lower-case name span in ``text``."""
        for pattern, known_only in ((_TITLE_LOWER, False), (_HANDLE, False), (_CHAT_CUE, True)):
            position = 0
            while match := pattern.search(text, position):
                group = "opening" if "opening" in pattern.groupindex and match.group(
                    "opening") else "name"
                word = match.group(group)
                # a rejected word may itself be the cue before a name ("pls cc deepa")
                position = max(match.start(group), position + 1)
                if len(word) < 2 or word in _COMMON_AFTER or word in self.stop:
                    continue
                if known_only and (word not in self.given or word in self.ambiguous):
                    continue
                position = match.end()
                tail = _LOWER_PARTICLE_TAIL.match(text, match.end(group))
                end = tail.end() if tail else match.end(group)
                yield Span(match.start(group), end, self.label)


# Round 7: a name spelled out letter by letter in a call ("that's H-A-I-D-A-R-I").
SPELLED = PatternRecognizer(
    "PERSON", 30, re.compile(rf"(?<![\w-])[{_UP}](?:-[{_UP}]){{3,}}(?![\w-])")
)

RECOGNIZERS = (PersonRecognizer(), LowerCaseNameRecognizer(), SPELLED)
