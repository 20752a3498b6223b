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

from sluicegate.redaction.spans import Span

_TITLES = frozenset((
    "Dr", "Mr", "Mrs", "Ms", "Miss", "Mx", "Prof", "Professor", "Sister", "Sr", "Nurse",
    "Rev", "Father", "Dame", "Sir",
))  # fmt: skip
# Words for a person's role or relation: after one of these, a single capitalised
# word is a name ("daughter Mereana", "escort Kylie").
_ROLES = (
    "wife|husband|son|daughter|mother|father|partner|carer|sister|brother|aunt|uncle"
    "|grandmother|grandfather|granddaughter|grandson|niece|nephew|friend|neighbour|guardian"
    "|dear|escort|visitor|interpreter|locum|resident|client|caller|colleague"
)
_CUE = re.compile(
    r"(?i:\b(?:patient|pt|name|seen by|reviewed by|attended by|referred by|signed|nok"
    r"|next of kin|contact|spoke (?:to|with)|informant|witness|per|by|called|cc|from|to"
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
    rf"(?:[ \t](?:{_INITIAL}[ \t])?(?:{_PARTICLES}[ \t])?{_TOKEN})*(?![\w@'’-])"
)
_PIECE = re.compile(rf"{_TOKEN}|(?<!\w){_INITIAL}(?!\w)|{_PARTICLES}")
_CAPS_FIRST = re.compile(
    rf"(?<![\w-])(?P<surname>[{_UP}]{{2,}}(?:[-'’][{_UP}]+)?),\s?"
    rf"(?P<given>[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?)(?:\s(?:{_INITIAL}(?!\w)|[{_UP}][{_LO}]+))?"
)
_MAX_WORDS = 4


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
        cued = _CUE.search(*window) is not None
        role = _ROLE.search(*window) is not None
        if not (titled or cued):
            chunk = self._unannounced(text, chunk)
        # Particles and initials may sit inside a name, never at its edges.
        while chunk and not _is_word(chunk[-1][2]):
            chunk.pop()
        if not chunk or (not _is_word(chunk[0][2]) and not titled):
            return None
        chunk = chunk[:_MAX_WORDS]
        words = sum(1 for piece in chunk if _is_word(piece[2]))
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


RECOGNIZERS = (PersonRecognizer(),)
