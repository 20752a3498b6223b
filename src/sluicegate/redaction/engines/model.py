"""Engines backed by the trained PERSON/ADDRESS model in ``data/ner``.

The model is package data, loaded from disk with ``spacy.load``: nothing is
downloaded. It is trained by ``python -m sluicegate.redaction.train``. Two
engines use it:

- ``model``: the model's PERSON and ADDRESS, and the rule recognizers for every
  other label (contact, dates, check-digit identifiers).
- ``hybrid``: the model and every rule recognizer, the rules' PERSON and
  ADDRESS included; overlaps settled by priority then length.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sluicegate.redaction import recognizers
from sluicegate.redaction.data import NER_MODEL
from sluicegate.redaction.engines.base import resolve_overlaps
from sluicegate.redaction.errors import EngineError
from sluicegate.redaction.recognizers.base import Recognizer
import re

from sluicegate.redaction.recognizers.address import _TYPE as _ADDRESS_TYPE
from sluicegate.redaction.recognizers.dates import _FOREIGN_MONTHS
from sluicegate.redaction.train_sources import BRANDS, PLACES
from sluicegate.redaction.recognizers.person import (
    _PARTICLES, _TITLES, ambiguous_names, given_names, stop_words, surnames,
)
from sluicegate.redaction.spans import Span

MODEL_DIR = NER_MODEL
# Equal to the rule families they stand beside (address 45, person 30): where the
# rules and the model both propose a name or an address, the longer span wins. (The
# rules' boundaries used to win; on the tuning lines the longer span scored better,
# the rules cutting international addresses short: docs/redaction.md, round 3.)
PRIORITY = {"ADDRESS": 45, "PERSON": 30}
# Honorifics and ranks written before a name; the training text puts them outside the
# span, as the contract does titles (sluicegate.redaction.train).
HONORIFICS = (
    "Sergeant", "Sgt", "Pastor", "Imam", "Sheikh", "Rabbi", "Father", "Fr", "Brother",
    "Aunty", "Auntie", "Uncle", "Elder", "Captain", "Capt", "Detective", "Det", "Judge",
    "Councillor", "Cr", "Hon", "Matron", "Chaplain", "Mother", "Dame", "Sir", "Lady", "Mme",
    "Herr", "Frau", "Sra", "Señora", "Tuan", "Puan", "Encik", "Datuk", "Haji", "Hajjah", "Bà",
    "Ông", "Cpl", "Lt", "Major", "Ustaz", "Deacon", "Bishop", "Coach", "Nana", "Kuia", "Koro",
)  # fmt: skip
# Greetings the model may take into the name after them ("Morning Yara!").
_GREETING_WORDS = frozenset(
    "morning afternoon evening hi hello hey hiya dear welcome thanks"
    # round 7: greetings in other languages ("Bonjour Mme Camille Lefèvre")
    " bonjour bonsoir salut hola buenos ciao olá oi hallo hej namaste salaam talofa bula".split()
)
# Leading words a model span may take in that the contract leaves outside (titles,
# honorifics; not the ones that are as often a name: "Major", "Judge", "Lady").
_LEADING = frozenset(t.lower() for t in (*_TITLES, *HONORIFICS)) - {
    "major", "judge", "lady", "coach", "nana", "hon", "lt", "cr", "det",
} | {"dr.", "mr.", "mrs.", "ms.", "prof.", "fr.", "sgt.", "capt."} | _GREETING_WORDS
# Round 7: roles written capitalised before a name, outside it ("Guest Anan Srisawat",
# "Attendees: Dmitri Volkov").
_ROLE_LEADS = frozenset(
    "guest tenant landlord customer client applicant driver caller agent resident visitor "
    "student parent carer patient pt witness attendees attendee cc from to reviewer author "
    "consultant registrar interpreter".split()
)
# Nursing and medical roles in capitals before a name ("EN Maria dos Santos").
_ROLE_ACRONYMS = frozenset(
    "RN EN CN CNS CNC CNE NUM ANUM ADON DON AIN PCA NP OT SW SP GP MO HMO RMO JMO SRMO".split()
)
# Round 7: towns and cities the training text names alone, after a word that puts a
# place next ("moved to Logan"); a known name there is a place too.
_PLACE_NAMES = frozenset(PLACES) | frozenset(
    "Bondi Randwick Cabramatta Fairfield Marrickville Chatswood Hurstville Strathfield "
    "Burwood Ryde Hornsby Manly Cronulla Newtown Redfern Mascot Springvale Sunshine "
    "Richmond Fitzroy Brunswick Coburg Preston Reservoir Glenroy Box Hill Clayton "
    "Inala Sunnybank Logan Redcliffe Caboolture Fremantle Mirrabooka Balga Elizabeth "
    "Dubai Doha Riyadh Singapore Manila Jakarta Bangkok Hanoi Beijing Shanghai Hong Kong "
    "Auckland Wellington Apia Suva Nuku'alofa Port Vila".split()
)
# Companies and products the training text names (train_sources.BRANDS), alone.
_BRANDS = frozenset(b for b in BRANDS if " " not in b)
# Lower-case words with an English inflection: no chat name unless a known one.
_INFLECTED = re.compile(r"(?:[a-z]{3}ed|[a-z]{3}ing|ments?|tions?|ness|[a-z]{3}ly|ies)$")
_PLACE_BEFORE = re.compile(r"\b(?:to|from|in|at|near|over|via|around|outside|of)[ \t]+$")
# Round 8: hospital departments and teams, capitalised and alone.
_DEPARTMENTS = frozenset(
    "respiratory cardiology ortho orthopaedics orthopedics urology neurology neurosurgery "
    "oncology haematology hematology renal nephrology gastro gastroenterology endocrine "
    "endocrinology rheumatology dermatology geriatrics paediatrics pediatrics obstetrics "
    "gynaecology psychiatry psych physio physiotherapy dietetics dietitian radiology "
    "pathology pharmacy surgery anaesthetics icu ophthalmology palliative rehab "
    "vascular plastics maxfax".split()
) | {"gen med", "general medicine", "general surgery", "infectious diseases", "aged care"}
# Kin words used as honorifics before a name in many languages ("Tita Baby", "Kuya Jun",
# "chị Lan", "Grandpa Hoang"), outside it; alone they are no name ("tell Mama").
_KIN = frozenset(
    "grandpa grandma granny gran nan pop mama papa mum dad tita tito kuya ate manang manong "
    "chị bác cô chú bhai didi abuela abuelo tía tío tia tio nonno yiayia papou baba "
    "mzee bibi ratu adi daw".split()
)
# Holidays and feasts, capitalised and no name ("after Eid", "hosting Vaisakhi").
_EVENTS = frozenset(
    "eid ramadan diwali deepavali holi vaisakhi navratri vesak easter christmas xmas "
    "hanukkah passover nowruz songkran chuseok tết tet matariki anzac thanksgiving "
    "halloween lent suhoor iftar".split()
)
# Countries written after an address; the contract's ADDRESS ends at the postcode.
_COUNTRIES = frozenset(
    "australia new zealand nz aotearoa uk united kingdom england scotland wales ireland usa us "
    "united states canada france germany deutschland italy italia spain españa portugal "
    "netherlands the netherlands belgium switzerland austria poland greece japan china "
    "india singapore malaysia philippines indonesia vietnam fiji samoa tonga south africa "
    "kenya nigeria brazil mexico".split(" ")
) | {"new zealand", "united kingdom", "united states", "south africa", "the netherlands",
     "hong kong", "hong kong sar", "sri lanka", "south korea", "korea", "turkey", "lebanon"} | {
    # round 7: more countries written after an address
    "afghanistan", "iraq", "iran", "syria", "jordan", "israel", "egypt", "pakistan",
    "bangladesh", "nepal", "myanmar", "cambodia", "laos", "thailand", "taiwan", "mongolia",
    "ethiopia", "eritrea", "somalia", "sudan", "south sudan", "uganda", "tanzania", "rwanda",
    "ghana", "zimbabwe", "zambia", "congo", "saudi arabia", "uae", "united arab emirates",
    "qatar", "russia", "ukraine", "romania", "hungary", "czechia", "czech republic", "croatia",
    "serbia", "bosnia", "denmark", "sweden", "norway", "finland", "iceland", "argentina",
    "chile", "colombia", "peru", "venezuela", "cuba", "jamaica", "papua new guinea", "png",
    "vanuatu", "solomon islands", "kiribati", "cook islands", "nauru", "timor-leste",
    "brasil", "méxico", "deutschland", "österreich", "schweiz", "polska", "españa", "france",
    "slovenia", "slovakia", "lithuania", "latvia", "estonia", "malta", "bulgaria", "albania",
    "montenegro", "north macedonia", "kosovo", "moldova", "belarus", "armenia", "azerbaijan",
    "kazakhstan", "uzbekistan", "bhutan", "maldives", "japan", "philippines", "chile",
}
# Words after which a lower-case word may be a chat name ("ring lucia back", "thx aisha").
_CHAT_CUES = frozenset(
    "hi hey hello thx thanks ty ta cheers morning ok okay sorry ask tell told ring call called "
    "text ping msg cc mr mrs ms dr and u is @ its yo welcome heaps"
    # round 7: kin before a name in staff chat ("wife ngozi wants an update"), chat fillers
    " wife husband son daughter mum mom dad partner sister brother lol omg pls plz".split()
)
# Words after a capitalised run, or ending it, that make it a place, a service or a
# disease named after a person ("Florence Nightingale Ward", "Canberra Hospital",
# "Hodgkin lymphoma", "Mowanjum community").
_PLACE_WORDS = frozenset(
    "ward wing centre center cancer hospital hospitals clinic house building institute "
    "library lodge pavilion warehouse pharmacy health community council shire university "
    "college campus station"
    # round 7: a street ("our shop on George Street", "Rua Augusta")
    " street road avenue highway parade crescent terrace boulevard esplanade"
    # and an organisation or venue ("Woolworths Group", "Mercy Hospice", "Dubai Mall")
    " hospice mall plaza airport stadium group island islands strait club society "
    "association league cafe café restaurant hotel motel pub church mosque temple school "
    "academy affairs aid".split()
)
_STREET_LEADS = frozenset("rua calle via avenida rue jalan strada ulica travessa alameda".split())
_EPONYM_WORDS = frozenset(
    "lymphoma disease syndrome sign test procedure manoeuvre maneuver catheter contracture "
    "palsy sarcoma score scale reflex fracture cyst gait tear breathing pattern "
    "criteria classification".split()
)
# A run's last word, or the word after it, of either kind makes it a thing, not a person.
_THING_WORDS = _PLACE_WORDS | _EPONYM_WORDS
# First words of a capitalised run that is a code call or an institution ("Code
# Grey", "Royal Darwin").
_INSTITUTION_OPENERS = frozenset({"code", "royal"}) | frozenset(
    # round 7: saints' names are churches, schools and charities ("St Vincent de Paul");
    # car makes open a model, not a name ("Toyota Hilux")
    "st saint são san santa santo toyota holden mazda hyundai kia nissan honda mitsubishi "
    "subaru volkswagen bmw mercedes tesla suzuki isuzu jeep audi volvo lexus".split()
)
# Round 6: a service or its staff "at" a run makes the run a place ("The ED at Box
# Hill", "the team at Groote Schuur"); a person is rarely where a service is.
_SERVICE_AT = re.compile(
    r"\b(?:ED|team|staff|clinic|doctors|nurses|unit|ward|ICU|theatres?|pharmacy|practice|"
    r"service|services|surgeons|specialists|hospital|people)[ \t]+at[ \t]+$",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r"(?:['’]s)?[ \t]+([A-Za-z]+)")
# Lower-case particles inside a hyphenated name ("Abd-el-Kader"); any other lower-case
# part after a hyphen makes a word ("Ex-smoker", "non-verbal", "Webster-pak").
_HYPHEN_PARTICLES = frozenset("el al ul ud ad din e i y di de la".split())
# Lower-case words inside a name ("Gerrit van der Berg", "Jocelyn dela Cruz").
_NAME_PARTICLES = _HYPHEN_PARTICLES | frozenset(
    "van der den von de la le del della dela di da das do dos du bin binti bint ibn abu ter "
    "ten op het"
    # round 7: Welsh and Irish ("Dafydd ap Gruffudd", "Aoife ní Bhriain")
    " ap ab ferch ní nic mhic uí ua".split()
)
# Languages and nationalities, capitalised but no name ("Somali interpreter").
_DEMONYMS = frozenset(
    "english arabic chinese mandarin cantonese vietnamese korean japanese greek italian "
    "spanish portuguese french german dutch polish russian ukrainian turkish persian farsi "
    "dari pashto hindi punjabi urdu bengali tamil sinhalese nepali thai khmer filipino "
    "tagalog indonesian malay somali amharic tigrinya swahili dinka samoan tongan fijian "
    "maori aboriginal kazakh serbian croatian bosnian macedonian albanian romanian "
    "hungarian czech slovak bulgarian lithuanian latvian estonian finnish swedish danish "
    "norwegian icelandic hebrew kurdish assyrian armenian georgian burmese karen hmong lao "
    "maltese nepalese afrikaans zulu xhosa yoruba igbo hausa oromo ewe sesotho setswana "
    "gaelic guarani guaraní creole sindhi mandaean chaldean tokelauan niuean mongolian "
    "eritrean ethiopian sudanese haitian jamaican bhutanese tibetan uyghur uzbek "
    "azerbaijani afghan hazara iraqi syrian lebanese iranian pakistani indian australian "
    "mapudungun quechua kurmanji sorani hakha falam tedim karenni rohingya basque catalan "
    "galician breton cornish manx faroese sami"
    # round 7: faiths ("Jehovah's Witness", "attends Uniting")
    " jehovah catholic anglican uniting muslim buddhist hindu sikh orthodox baptist "
    "christian adventist mormon lutheran presbyterian methodist pentecostal".split()
)
_STRIP = " \t\n,.;:()'\"-@"
# spaCy splits "Okonkwo-Eze" at the hyphen and the model may stop there.
# Round 7: also a Korean given name's lower-case second syllable ("KIM Min-jun").
_HYPHEN_TAIL = re.compile(r"-(?:[A-ZÀ-ÖØ-Þ][\w'’]+|[a-zà-ÿ]{2,4}\b(?!-))")
_PARTICLE = re.compile(rf"{_PARTICLES}")
# Round 7: the model may stop at or before a particle of an Irish, Scottish, Welsh,
# Iberian, Dutch or Arabic name ("Aoife Ní Bhriain", "Seán Mac an tSaoi", "Dafydd ap
# Gruffudd"): particles and the capitalised word after them (Irish eclipsis: "tSaoi").
_PARTICLE_WORDS = (
    r"(?:Ní|Nic|Mhic|Uí|Ó|Ua|Mac an|Mac|ap|ab|ferch|dos|das|da|de|del|della|di|van der|van den"
    r"|van|von|der|den|bin|binti|bint|ibn|al|el|la|le)"
)
_PARTICLE_TAIL = re.compile(
    rf"(?:[ ]{_PARTICLE_WORDS})+[ ](?:[A-ZÀ-ÖØ-Þ][\w'’-]+|[nth][A-ZÁÉÍÓÚ][\w'’-]+)"
    # "al-Sayed", "bin-Zayed"
    r"|[ ](?:al|el|ad|ar|as|at|az|an|ul|bin|ben|abu|ibn|abd)-[A-ZÀ-ÖØ-Þ][\w'’-]+"
)
_ENDS_IN_PARTICLE = re.compile(rf"[ ]{_PARTICLE_WORDS}$")


@cache
def load_model(path: Path | str = MODEL_DIR):
    """The spaCy pipeline at ``path``; ``EngineError`` in one line if it cannot load."""
    import spacy

    try:
        return spacy.load(path, exclude=["parser", "tagger", "lemmatizer"])
    except Exception as err:  # spaCy raises OSError, ValueError, KeyError, msgpack errors
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise EngineError(f"{path}: redaction model fails to load: {reason}") from err


def model_version(path: Path | str = MODEL_DIR) -> str:
    """The trained model's name and version, as recorded in its ``meta.json``."""
    meta = load_model(path).meta
    return f"{meta.get('name', 'model')}-{meta.get('version', '?')}"


def _trim(text: str, start: int, end: int, label: str) -> tuple[int, int]:
    """Drop a title at the front of a PERSON and punctuation at either edge."""
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    if label == "ADDRESS":
        return _address_bounds(text, start, end)
    if label == "PERSON":
        start = _strip_lead(text, start, end)
        start = _after_lower_lead(text, start, end)
        end = start + len(_drop_lower_tail(text[start:end]))
        tail = _HYPHEN_TAIL.match(text, end)
        if tail:
            end = tail.end()
        end = _particle_tail(text, start, end)
        end = _strip_tail(text, start, end)
        while end > start and text[end - 1] in _STRIP:  # "Fatemeh, speaks" -> "Fatemeh"
            end -= 1
    return start, end


def _strip_lead(text: str, start: int, end: int, acronyms: bool = True) -> int:
    """A name starts after a title, honorific, greeting or role before it ("Guest Anan
    Srisawat", round 7), or a role in capitals ("ADON Keisha Thompson", "EN Maria"):
    any short word in capitals that is no known name when ``acronyms``, else only the
    nursing and medical roles (the rules' spans: "KIM Min-jun" is a name)."""
    while True:  # "Bonjour Mme Camille Lefèvre": each leading word in turn
        first, _, rest = text[start:end].partition(" ")
        if not rest[:1].isupper():
            return start
        lower = first.lower()
        if (
            lower in _LEADING or lower.rstrip(":") in _ROLE_LEADS or lower in _KIN
            or first.rstrip(",:") in _ROLE_ACRONYMS
            or (acronyms and _acronym(first) and not rest.isupper())
        ):
            start += len(first) + 1
            continue
        return start


def _strip_tail(text: str, start: int, end: int) -> int:
    """A name does not end in a clinical acronym or a language after it (round 7:
    "Chinedu Okonkwo BIBA 0340", "Mebrahtu Tigrinya, Eritrean"): a last word of four
    capitals or fewer that is no known name, after a word that is not in capitals, or a
    language or faith."""
    words = text[start:end].split(" ")
    while len(words) > 1:
        last = words[-1]
        acronym = _acronym(last) and not words[-2].isupper()
        if not (acronym or last.lower() in _DEMONYMS or last.lower() in _COUNTRIES):
            break
        words.pop()
    return start + len(" ".join(words))


def _particle_tail(text: str, start: int, end: int) -> int:
    """A capitalised name runs on over particles and the name after them ("Aoife Ní
    Bhriain"), also when the model kept the particle and stopped ("Seán Mac")."""
    if not text[start:start + 1].isupper():
        return end
    particle = _ENDS_IN_PARTICLE.search(text, start, end)
    if particle:  # "Seán Mac" + " an tSaoi": go back to the particle run's start
        tail = _PARTICLE_TAIL.match(text, particle.start())
        return max(end, tail.end()) if tail else end
    tail = _PARTICLE_TAIL.match(text, end)
    return tail.end() if tail else end


def _after_chat_cue(text: str, start: int, end: int) -> int:
    """A lower-case name starts after a chat cue the model took in ("pls cc deepa")."""
    while True:
        first, _, rest = text[start:end].partition(" ")
        lower = first.lower()
        cue = lower in _CHAT_CUES or lower in _CHAT_SHORTHAND
        if not (rest and cue and not first[:1].isupper()):
            return start
        start += len(first) + 1


# Round 7: a capitalised word just before a one-word model name is its given name
# ("Parisa Moradi called", "tenant: Sipho Dlamini"), unless it is a word of another kind.
_WORD_BEFORE = re.compile(r"(?:^|(?<=[\s:;,(\[]))([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]+)[ ]$")
_NOT_GIVEN = frozenset(
    "remind email phone page message contact notify inform update thank advise invite book "
    "ask tell ring call text ping cc dear hi hey hello thanks welcome morning".split()
)
_HONORIFIC_WORDS = frozenset(h.lower() for h in HONORIFICS)  # "Nana Mavis": Mavis


def _given_before(text: str, start: int, end: int) -> int:
    """The start of a one-word capitalised model name, taken back over a given name
    before it that is no common word, title, role, place word, language or month."""
    if " " in text[start:end] or not text[start:start + 1].isupper():
        return start
    match = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if not match:
        return start
    word = match.group(1).lower()
    if (
        word in _common_words() or word in _LEADING or word in _ROLE_LEADS or word in _NOT_GIVEN
        or word in _DEMONYMS or word in _THING_WORDS or word in _STREET_LEADS
        or word in _MONTHS_AND_DAYS or word in _HONORIFIC_WORDS or word in _KIN
        or _DRUG_ENDING.search(match.group(1))
    ):
        return start
    opening = not text[: match.start(1)].strip() or re.search(
        r"[.!?]\s*$", text[: match.start(1)]
    )
    if opening and word not in given_names():
        return start  # a sentence's first word is a name only when known ("Later Bakare")
    return match.start(1)


_CHAT_SHORTHAND = frozenset("r u ur pls plz thx tmrw 2day 2moro b4 k kk ty lol omg".split())


def _lower_name_end(text: str, start: int, end: int) -> int:
    """A lower-case chat name ends before a common word the model ran on into ("tell
    josh bed 9"), not at a particle or a short name ("nguyen van an")."""
    words = text[start:end].split(" ")
    if len(words) < 2 or words[0][:1].isupper():
        return end
    common = _common_words()
    for i, word in enumerate(words[1:], 1):
        lower = word.lower()
        shorthand = lower in _CHAT_CUES or lower in _CHAT_SHORTHAND  # "hey tunde r u"
        if shorthand or (
            lower in common and lower not in _NAME_PARTICLES and lower not in _SHORT_NAMES
        ):
            return start + len(" ".join(words[:i]))
    return end


def _after_lower_lead(text: str, start: int, end: int) -> int:
    """A name with capitalised words starts after the last lower-case word before them
    that is not a particle: "welcome Thandiwe", "Llamada de la paciente Guadalupe
    Hernández Ruiz" (the model runs on from the words before a name)."""
    offset, cut = start, start
    words = text[start:end].split(" ")
    for i, word in enumerate(words):
        later_capital = any(w[:1].isupper() for w in words[i + 1 :])
        if (
            word and not word[:1].isupper() and later_capital
            and word.lower() not in _NAME_PARTICLES
        ):
            cut = offset + len(word) + 1
        offset += len(word) + 1
    return cut


def _address_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """An ADDRESS runs from unit or number to postcode: a leading part with no digit
    before one that has it is a name or a place ("Anneke de Vries, Prinsengracht 263"),
    unless it is a flat or block ("Flat D, 18/F"); a date before or after it is a DATE
    ("9 July 2024 at Unit 3, …", "… 4825 on 21/06/2024"), and a country after it is
    left out ("…, 20121 Milano MI, Italy")."""
    over = _OVER_ABBREVIATION.match(text, end) if _ENDS_IN_ABBREVIATION.search(
        text, start, end) else None
    if over:  # round 7: the model stopped at an abbreviation's stop ("…, Brgy. San Roque, …")
        end = over.end()
    before = _STREET_BEFORE.search(text, max(0, start - 40), start)
    if before:  # round 7: and after a street's abbreviation ("Gedimino pr. 9-12, …")
        start = before.start()
    while True:
        head, comma, tail = text[start:end].rpartition(",")
        if comma and tail.strip().lower() in _COUNTRIES:
            end = start + len(head.rstrip())
            continue
        break
    # round 7: a country or a language after the postcode or town ends it, whatever
    # the model ran on into after it ("…, 2193, South Africa, in Perth", "…, Donostia,
    # Basque and Spanish spoken", "…, NT 0870, Aboriginal Health Worker")
    offset = start
    for i, part in enumerate(text[start:end].split(",")):
        words = part.strip().lower().split()
        if i > 0 and words and (
            part.strip().lower() in _COUNTRIES or words[0] in _DEMONYMS
            or " ".join(words[:2]) in _COUNTRIES
        ):
            end = offset - 1
            break
        offset += len(part) + 1
    if not _ENDS_IN_POSTCODE.search(text, start, end):
        tail = _POSTCODE_TAIL.match(text, end)
        if tail:  # the model stopped before the postcode ("…, Auckland 1071")
            end = tail.end()
    lead = _LEADING_DATE.match(text, start, end)
    if lead:  # "9 July 2024 at Unit 3, 45 Hindley St": the date is a DATE, not the address
        start = lead.end()
    words = _LOWER_WORDS_BEFORE_NUMBER.match(text, start, end)
    if words:  # round 7: "lives at 22 Railway Parade": the words before the number are out
        kept = [w for w in words.group(0).split() if w in _UNIT_WORDS]  # not "unit 4, …"
        if not kept:
            start = words.end()
    trail = _TRAILING_DATE.search(text, start, end)
    if trail:
        end = trail.start()
    clock = _CLOCK.search(text, start + 1, end)
    if clock:  # round 7: "12 Oak Rd, Taupo at 11:30": the time is no part of it
        end = start + len(re.sub(r"[\s,;]+(?:[a-z]+[\s,;]*)?$", "", text[start : clock.start()]))
    first, comma, rest = text[start:end].partition(",")
    opens = first.split()[0].lower() if first.split() else ""
    # a name or a shop before the number, or before a street-first address ("Anneke de
    # Vries, Prinsengracht 263, …"); not a flat or block that opens one ("Flat D, 18/F, …")
    if (
        comma and not any(c.isdigit() for c in first) and opens not in _UNIT_WORDS
        and any(c.isdigit() for c in rest.partition(",")[0])
    ):
        start += len(first) + 1
        while start < end and text[start] == " ":
            start += 1
    return start, end


_MONTH_WORDS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_WORDS}\.?(?:,?\s+\d{{4}})?"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})"
)
# Round 7: also after "DOB" or an article, and with a month in another language ("el 5 de
# octubre en Av. …").
_FOREIGN_MONTH_WORDS = "|".join(sorted(set(_FOREIGN_MONTHS), key=len, reverse=True))
_LEADING_DATE = re.compile(
    rf"(?:(?:DOB|D\.O\.B\.|born|el|le|am|on)\s+)?"
    rf"(?:{_DATE}|\d{{1,2}}\.?\s+(?:de\s+)?(?i:{_FOREIGN_MONTH_WORDS})(?:\s+\d{{4}})?)"
    r"\s*(?:at|,|-|–|en|à|a|in|um|em)?\s+(?=\S)"
)
# Round 7: abbreviations inside an address the model stops at, and the rest of the
# address after them up to the sentence's end; a street's abbreviation before a number.
_ENDS_IN_ABBREVIATION = re.compile(r"\b(?:Brgy|TP|Tp|Dist|Sec|Kec|Kel|Kab|Prov|Co|Mun)$")
_OVER_ABBREVIATION = re.compile(  # on to a postcode within 60 characters, else to a comma
    r"\.[ ][^\n;.]{1,60}?\b\d{4,6}\b|\.[ ][^,\n;.]{1,30}?(?=[,.;]|$|\n)"
)
_STREET_BEFORE = re.compile(
    r"(?:[A-ZÀ-ÖØ-Þ][\w'’-]+[ ])+(?:pr|ul|al|str|g|Av|Jl|Jln|Avda|Ave)\.[ ]$"
)
_LOWER_WORDS_BEFORE_NUMBER = re.compile(r"(?:[a-z]+[ ]+)+(?=\d)")
_TRAILING_DATE = re.compile(rf"\s*(?:,\s*|\s+(?:on|from|until|at|[a-z]+)\s+){_DATE}$")
# A four-digit postcode just after a model address, or a rural delivery number, town and
# postcode after an address that stopped at "RD" ("…, RD 4, Warkworth 0984").
_ENDS_IN_POSTCODE = re.compile(r"\b\d{4,5}$")
_POSTCODE_TAIL = re.compile(
    r"(?:[ ]\d{1,2},(?:[ ][A-Z][\w'’-]+){1,3})?,?[ ]\d{4}(?![\w/:.-]|[.,]\d)"
)
# Words that open an address's first part with no digit ("Flat D, 18/F, …").
_UNIT_WORDS = frozenset(
    "flat unit apt apartment suite level lvl block blk lot shop house villa room floor "
    "building tower po gpo rmb no no. care c/o".split()
)


_CHAT_STAMP = re.compile(r"\[?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]m)?\]?")


def _chat_cued(text: str, start: int) -> bool:
    """A lower-case name needs a chat cue just before it, or to open a line."""
    before = text[:start].rstrip().rsplit("\n", 1)[-1].split()
    if not before or (len(before) == 1 and _CHAT_STAMP.fullmatch(before[0])):
        return True  # round 7: after a chat log's time stamp ("[14:02] jojo: …")
    word = before[-1].lower().strip(",.!?")
    return word in _CHAT_CUES or word.startswith("@") or before[-1].endswith("@")


def _drop_lower_tail(name: str) -> str:
    """A capitalised name ends at its last capitalised word: the model, which has
    seen lower-case names in chat, sometimes runs on into the verb after one
    ("Liang Qiu emailed")."""
    words = name.split(" ")
    if not words[0][:1].isupper():
        return name
    while len(words) > 1 and not words[-1][:1].isupper():
        words.pop()
    while len(words) > 1 and _PARTICLE.fullmatch(words[-1]):
        words.pop()
    return " ".join(words)


def _drop_trailing_stop_words(text: str, start: int, end: int) -> int:
    """A capitalised name does not end in a word that is never a name ("B. Witness:")."""
    words = text[start:end].split(" ")
    if not words[0][:1].isupper():
        return end
    while len(words) > 1 and words[-1].lower().rstrip(".:,") in stop_words():
        words.pop()
    return start + len(" ".join(words))


def _names_a_thing(text: str, start: int, end: int) -> bool:
    """A model PERSON that is a place, a service, a disease, a code call or a word.

    Not a name: a run ending in or followed by a word for a place or service ("Peter
    MacCallum Cancer Centre", "Canberra Hospital") or a disease, sign or test ("Hodgkin
    lymphoma"); a code call or a royal institution ("Code Grey", "Royal Darwin"); a
    hyphenated word whose later part is lower case ("Ex-smoker"); initials alone; a
    lower-case chat cue ("cc"); a capitalised run after a service and "at" ("the team
    at Groote Schuur").
    """
    words = text[start:end].split()
    if not words:
        return True
    if words[0].lower() in _INSTITUTION_OPENERS and len(words) > 1:
        return True
    if re.search(r"\b(?:St\.?|Saint)[ ]$", text[max(0, start - 7) : start]):
        return True  # round 7: a saint's name after a title cut is a church or charity
    if words[0].lower() in _STREET_LEADS and len(words) > 1:
        return True  # round 7: "mora na Rua Augusta"
    if words[-1].lower() in _THING_WORDS and len(words) > 1:
        return True  # "Canberra Hospital", and (round 6) "Glasgow Coma Scale"
    following = _NEXT_WORD.match(text, end)
    if following and following.group(1).lower() in _THING_WORDS:
        return True
    if all(re.fullmatch(r"[A-ZÀ-Þ]\.?", w) for w in words):
        return True
    if words[0][:1].isupper() and _SERVICE_AT.search(text, max(0, start - 40), start):
        return True
    if text[start:end].lower() in _DEPARTMENTS:
        return True  # round 8: "r/v by Ortho", "under Gen Med", "Respiratory"
    if len(words) <= 3 and text[start:end] in _PLACE_NAMES and _PLACE_BEFORE.search(
        text, max(0, start - 12), start
    ):
        return True  # round 7: "moved to Logan", "by video link from Dubai"
    if len(words) == 1:
        word = words[0]
        lower = word.lower()
        if lower in _ROLE_LEADS or lower in _KIN or lower in _MONTHS_AND_DAYS or lower in _EVENTS:
            return True  # round 7: "Customer:", "tell Mama", "Tues", "after Eid"
        if lower in _DEMONYMS or (word in _BRANDS and not _known_name(word)):
            return True  # round 7: "Serbian interpreter", "with Qantas"
        if word.islower() and _INFLECTED.search(word) and not _known_name(word):
            return True  # round 7: "his car is fixed", "morning appointments"
        parts = word.split("-")
        if len(parts) > 1 and any(
            p and p[:1].islower() and p.lower() not in _HYPHEN_PARTICLES for p in parts[1:]
        ):
            return True
        if word.islower() and word in _CHAT_CUES:
            return True
        if _acronym(word):
            return True
        if len(word) <= 2 and word.lower() not in _SHORT_NAMES and not _known_name(word):
            return True  # round 6: "Ph call from …", "Rx", "Hx"; not "Jo", "Wu"
        if _DRUG_ENDING.search(word) and not _known_name(word):
            return True
    return False


# Round 5: one capitalised word with the ending of a drug's name is a drug, not a name
# ("Plan: Tazocin", "Vancomycin", "Apixaban"); drug-name stems (INN), six letters or more.
_DRUG_ENDING = re.compile(
    r"^[A-Z][a-z]{2,}(?:mycin|micin|cillin|floxacin|cycline|ocin|azole|prazole|olol|sartan"
    r"|statin|mab|tinib|parin|xaban|gatran|tidine|zepam|azepam|codone|morphine|gliptin"
    r"|gliflozin|formin|glitazone|dronate|setron|triptan|oxetine|pramine|afil|vudine"
    r"|navir"
    # round 7
    r"|dipine|apine|idone|pril|profen|trigine|asone|olone|tamol|oxin|opar|prim)$"
)


# Names of two letters, which the two-letter rule above leaves.
_SHORT_NAMES = frozenset(
    "jo al ed bo ty vu ng oh le do ha yu wu ho ko ma lu hu li yi an ai mo su xu qi fu gu "
    "na ji ye ok".split()
)


def _acronym(word: str) -> bool:
    """Capitals of four letters or fewer ("BIBA", "NOF"), unless a known family or given
    name written in capitals ("TRAN", "LI")."""
    return (
        word.isalpha() and word.isupper() and len(word) <= 4
        and not _known_name(word)
    )


def _known_name(word: str) -> bool:
    """Whether ``word`` (any case) is in the given-name or surname list."""
    lower = word.lower()
    return lower in given_names() or lower in surnames()


_MONTHS = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december".split()
)
_MONTHS_AND_DAYS = _MONTHS | frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs "
    "fri sat sun mondays tuesdays wednesdays thursdays fridays saturdays sundays".split()
)


# Round 6: the word after an address's leading number (or unit and number) is a street's
# name; a lower-case one is no street ("5 minutes, Wells score 2", "Level 3 nurses'
# station") unless a street word or particle written in lower case ("14 avenue Victor Hugo").
_AFTER_NUMBER = re.compile(
    r"(?:(?:flat|unit|apt|suite|level|shop|lot|no\.?)\s+)?\d[\d/-]*[A-Za-z]?,?\s+(\S+)",
    re.IGNORECASE,
)
_LOWER_STREET_WORDS = frozenset(
    "rue avenue av. boulevard bd chemin allée impasse place quai route via viale piazza corso "
    "calle avenida rua travessa estrada ulica ul. straße strasse gasse weg de du des la le di "
    "da do dos del van von floor".split()
)


# Round 7: what a model ADDRESS that does not open with its number needs (docs/redaction.md):
# a postcode (four or more digits, or a UK, Irish or Canadian one) or a street word.
_POSTCODE_LIKE = re.compile(
    r"\b\d{4,}\b|\b\d{3}-\d{4}\b|\b\d{2}-\d{3}\b|\b[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}\b"
    r"|\b[A-Z]\d[A-Z][ ]?\d[A-Z]\d\b|\b[A-Z]\d{2}[ ][A-Z\d]{4}\b"
)
_STREET_WORD = re.compile(
    rf"\b{_ADDRESS_TYPE}|\b(?:Calle|Rua|Via|Viale|Avenida|Rue|Straße|Strasse"
    r"|Jalan|Jln|Soi|Moo|Marg|Nagar|Ulica|Carrera|Calzada)\b|\b(?:Av|Avda|ul|Jl)\.[ ]"
    r"|(?:straße|strasse|gasse|weg|gatan|gade|vej|veien|katu|ro|gil|dong)\b",
)
# Round 7: characters no name (digits, JSON or code: '{"customer_id') and no address
# (JSON quotes and braces, a percentage) holds.
_NOT_IN_A_NAME = re.compile(r'[_{}"=<>|\\]')
_NOT_IN_AN_ADDRESS = re.compile(r'["{}%=<>|+]|^\d+-[a-z]')  # and "4WW + SBA", "3-way IDC"
_CLOCK = re.compile(
    r"\b\d{1,2}(?::\d{2})?[ ]?(?:am|pm|hrs)\b|\b\d{1,2}:\d{2}(?!\d)|\b\d{4}-\d{2}-\d{2}"
)
_NUMBER_COMMA = re.compile(r"\d{1,4},\s")


def _plausible_address(text: str) -> bool:
    """A model ADDRESS needs a number and two words, one of them not a month
    ("3 March" and "72M" are not addresses), and no lower-case word just after its
    leading number but a street word ("5 minutes", "Level 3 nurses' station").

    Round 7: no clock time or ISO date in it (a log line); not an age and what
    follows ("45, Raynaud's"); opened by a word rather than its number, a postcode
    or a street word ("Tier 2 Support", "Barthel Index 45/100" are none); opened by
    a unit word, a second number ("Level 3, Building B" is none)."""
    words = re.findall(r"[^\W\d_]{2,}", text)
    after = _AFTER_NUMBER.match(text)
    if after and after.group(1)[:1].islower() and after.group(1) not in _LOWER_STREET_WORDS:
        return False
    if _CLOCK.match(text):
        return False
    lead = _NUMBER_COMMA.match(text)
    if lead and not re.search(r"\b\d{3,}", text[lead.end():]):
        return False
    first = text.split()[0].lower() if text.split() else ""
    if first in _UNIT_WORDS or first.rstrip(".,") in _UNIT_WORDS:
        # a second number, or a street word ("Building 12, Rue Hamra, Beirut")
        if len(re.findall(r"\d+", text)) < 2 and not _STREET_WORD.search(text):
            return False
    elif not text[:1].isdigit():
        if not (_POSTCODE_LIKE.search(text) or _STREET_WORD.search(text)):
            return False
        latin = not re.search(r"[〒\u3040-\u9fff\uac00-\ud7af]", text)  # no kana, kanji, hangul
        if latin and not _STREET_WORD.search(text) and (len(text.split()) < 3 or "," not in text):
            return False  # round 7: "Yohannes 1015" is a name and a time
    return (
        any(c.isdigit() for c in text)
        and len(text.split()) >= 2
        and any(w.lower() not in _MONTHS and w not in _LOWER_STREET_WORDS for w in words)
    )


def _plausible_name(words: list[str]) -> bool:
    """A model PERSON needs words that are not all known non-names.

    Capitalised: not all stop words ("Escalated", "Bloods"). Lower case, as names
    are written in chat ("ring lucia back", "nguyen van an"): its first word and
    at least half of its words are not common English words, so "the ward" or
    "bay" tagged by the model stay unmasked.
    """
    named = [w for w in words if not _PARTICLE.fullmatch(w)]
    if not named:
        return False
    if all(w[0].isupper() for w in named):
        if len(named) == 1 and named[0].lower() in _DEMONYMS:
            return False
        return not all(w.lower().rstrip(".") in stop_words() for w in named)
    common = _common_words()
    shared = [w for w in named if w.lower() in common]
    return named[0].lower() not in common and 2 * len(shared) <= len(named)


@cache
def _common_words() -> frozenset[str]:
    """English function words (spaCy's list) and the rules' non-name words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | stop_words()


@dataclass
class ModelEngine:
    """The trained model for PERSON and ADDRESS, with rule recognizers beside it."""

    name: str = "model"
    path: Path | str = MODEL_DIR
    # Rule recognizers run beside the model; by default all but PERSON and ADDRESS.
    recognizers: tuple[Recognizer, ...] = field(
        default=tuple(r for r in recognizers.ALL if r.label not in PRIORITY)
    )

    def __post_init__(self) -> None:
        self.nlp = load_model(self.path)

    @property
    def version(self) -> str:
        """Model name and version plus the engine name, recorded in gate metrics."""
        return f"{self.name}/{model_version(self.path)}"

    def find(self, text: str) -> list[Span]:
        """Non-overlapping spans from the model and the rule recognizers."""
        return self._merge(text, self.nlp(text))

    def find_many(self, texts: Iterable[str], batch_size: int = 256) -> Iterable[list[Span]]:
        """``find`` over many texts, batched through the model (several times faster)."""
        texts = list(texts)
        for text, doc in zip(texts, self.nlp.pipe(texts, batch_size=batch_size), strict=True):
            yield self._merge(text, doc)

    def _merge(self, text: str, doc) -> list[Span]:
        proposals: list[tuple[int, Span]] = []
        for ent in doc.ents:
            if ent.label_ not in PRIORITY:
                continue
            if ent.label_ == "PERSON" and any(c.isdigit() for c in ent.text):
                continue  # "Temp 38.9", "Device MAC 00:1A:…": a name has no digit
            start, end = _trim(text, ent.start_char, ent.end_char, ent.label_)
            # round 7: JSON or code inside the span, once its edges are trimmed
            # ('{"customer_id', '88213, "name": "Yael'; "3% in Q2")
            if (_NOT_IN_A_NAME if ent.label_ == "PERSON" else _NOT_IN_AN_ADDRESS).search(
                text[start:end]
            ):
                continue
            if ent.label_ == "PERSON":
                # A name does not run over a line break ("Svetlana Petrova\nClinical").
                end = start + len(text[start:end].split("\n")[0].rstrip())
                words = text[start:end].split()
                if not _plausible_name(words):
                    continue
                start = _after_chat_cue(text, start, end)
                if not words[0][:1].isupper() and any(
                    _INFLECTED.search(w) and not _known_name(w) for w in words
                ):
                    continue  # round 7: "criteria modified"
                if not words[0][:1].isupper() and not _chat_cued(text, start):
                    continue
                end = _lower_name_end(text, start, end)
                end = _drop_trailing_stop_words(text, start, end)
                start = _given_before(text, start, end)
                if _names_a_thing(text, start, end):
                    continue
            elif not _plausible_address(text[start:end]):
                continue
            if start < end:
                proposals.append((PRIORITY[ent.label_], Span(start, end, ent.label_)))
        proposals.extend(
            (recognizer.priority, span)
            for recognizer in self.recognizers
            for span in recognizer.find(text)
            # the rules' names pass the same test of places and diseases as the model's
            if span.label != "PERSON" or not _names_a_thing(text, span.start, span.end)
        )
        proposals = [(p, _lead_stripped(text, span)) for p, span in proposals]
        return _with_names_again(text, _with_names_listed(text, resolve_overlaps(proposals)))


_CAPITALISED_WORD = re.compile(r"(?<![\w@.'’-])[A-ZÀ-ÖØ-Þ][\w'’-]*[a-zß-ÿ][\w'’-]*(?![\w@-])")


_LIST_NEXT = re.compile(  # not after a comma: "Dr Lee, Respiratory" is an apposition
    r"(?:[ ]and[ ]|[ ]&[ ]|,[ ]and[ ])"
    r"([A-ZÀ-ÖØ-Þ][\w'’-]*[a-zß-ÿ][\w'’-]*)(?=[ ,.;:)!?]|$)"
)
_LIST_PREVIOUS = re.compile(
    r"(?:^|(?<=[\s(]))([A-ZÀ-ÖØ-Þ][\w'’-]*[a-zß-ÿ][\w'’-]*)(?:,[ ]|[ ]and[ ]|[ ]&[ ])$"
)


_CONTRACTION = re.compile(r"['’](?:ll|ve|d|s|re|m|t)$")


def _listed_name(text: str, start: int, end: int, spans: list[Span]) -> bool:
    """A single capitalised word listed beside a name is a name too, unless it is a word
    of another kind or another span holds it."""
    word = text[start:end]
    if any(s.start < end and start < s.end for s in spans) or _CONTRACTION.search(word):
        return False
    lower = word.lower()
    return not (
        lower in _common_words() or lower in _LEADING or lower in _ROLE_LEADS
        or lower in _NOT_GIVEN or lower in _MONTHS_AND_DAYS or lower in _HONORIFIC_WORDS
        or _DRUG_ENDING.search(word) or word in _PLACE_NAMES
        or not _plausible_name([word]) or _names_a_thing(text, start, end)
    )


def _with_names_listed(text: str, spans: list[Span]) -> list[Span]:
    """Round 7: in a list, a single capitalised word beside a name is a name ("discussed
    with Bronagh and Tevita Lolohea", "Bev, Colin O'Neill, Anjali"), in turn along it."""
    found = list(spans)
    queue = [s for s in spans if s.label == "PERSON"]
    while queue:
        span = queue.pop()
        candidates = []
        after = _LIST_NEXT.match(text, span.end)
        if after:
            candidates.append((after.start(1), after.end(1)))
        before = _LIST_PREVIOUS.search(text, max(0, span.start - 40), span.start)
        if before:
            candidates.append((before.start(1), before.end(1)))
        for start, end in candidates:
            if _listed_name(text, start, end, found):
                new = Span(start, end, "PERSON")
                found.append(new)
                queue.append(new)
    return sorted(found) if len(found) > len(spans) else spans


def _with_names_again(text: str, spans: list[Span]) -> list[Span]:
    """Round 7: a word of a name found in a text is a name where it comes again in the
    same text, on its own and capitalised ("Chinedu Okafor was seen … Chinedu mobilised"),
    unless it is a word that is never a name or another span holds it."""
    words = {
        word for span in spans if span.label == "PERSON"
        for word in text[span.start : span.end].split()
        if word[:1].isupper() and len(word) > 2 and word.lower() not in stop_words()
        and word.lower() not in _common_words() and word.lower() not in ambiguous_names()
    }
    if not words:
        return spans
    more = [
        Span(m.start(), m.end(), "PERSON") for m in _CAPITALISED_WORD.finditer(text)
        if m.group() in words and not any(s.start < m.end() and m.start() < s.end for s in spans)
    ]
    return sorted(spans + more) if more else spans


def _lead_stripped(text: str, span: Span) -> Span:
    """A rule PERSON without the role or title the rules took in ("EN Maria dos Santos"),
    nor the acronym or language after it ("Ali Hussaini LWBS", "Selorm Agbeko Ewe")."""
    if span.label != "PERSON":
        return span
    start = _strip_lead(text, span.start, span.end, acronyms=False)
    end = _strip_tail(text, start, span.end)
    return span if (start, end) == (span.start, span.end) else Span(start, end, span.label)


def hybrid() -> ModelEngine:
    """The model and every rule recognizer, the rules' PERSON and ADDRESS included."""
    return ModelEngine(name="hybrid", recognizers=recognizers.ALL)
