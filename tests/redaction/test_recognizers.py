"""Each recognizer family, with a case it must find and a look-alike it must leave."""

from __future__ import annotations

import re

import pytest

from sluicegate.redaction import checksums, engines
from sluicegate.redaction.recognizers import address, contact, dates, identifiers, person
from sluicegate.redaction.recognizers.base import PatternRecognizer
from tests.redaction.helpers import found

RULES = engines.get("rules")


@pytest.mark.parametrize(
    "recognizer, text, expected",
    [
        (contact.EMAIL, "reply to k.obrien_77@example.com.au.", "k.obrien_77@example.com.au"),
        (contact.UrlRecognizer(), "see https://example.org/a?b=1.", "https://example.org/a?b=1"),
        (contact.UrlRecognizer(), "(www.example.com/x)", "www.example.com/x"),
        (contact.IPV4, "from 203.0.113.77.", "203.0.113.77"),
        (contact.IPV6, "key from 2001:db8:4f2a::17 port", "2001:db8:4f2a::17"),
        (contact.PHONE, "mobile 0412 345 678", "0412 345 678"),
        (contact.PHONE, "ph (03) 9496 5000 today", "(03) 9496 5000"),
        (contact.PHONE, "call +61 2 9876 5432", "+61 2 9876 5432"),
        (contact.PHONE, "on 1300 123 456", "1300 123 456"),
        (contact.PHONE, "(+44 20 7946 0958)", "+44 20 7946 0958"),
        (contact.PHONE, "US +1 (415) 555-0132.", "+1 (415) 555-0132"),
        (dates.DateRecognizer(), "DOB 4/11/1958 c/o", "4/11/1958"),
        (dates.DateRecognizer(), "DOB 1990-12-03 -", "1990-12-03"),
        (dates.DateRecognizer(), "born 3 May 1972.", "3 May 1972"),
        (dates.DateRecognizer(), "on May 3rd, 2001 at", "May 3rd, 2001"),
        (dates.DateRecognizer(), "since 14 August", "14 August"),
        # round 4: national layouts of other countries, 13 numbers after a call word,
        # day/month with no year after a weekday or a time word
        (contact.PHONE, "ring him on 083 214 7790 tonight", "083 214 7790"),
        (contact.PHONE, "UK landline 020 7946 0321.", "020 7946 0321"),
        (contact.PHONE, "mobile 07700 900456, evenings", "07700 900456"),
        (contact.PHONE, "NZ cell 027 555 8812", "027 555 8812"),
        (contact.PHONE, "Auckland office 09 555 0182", "09 555 0182"),
        (contact.PHONE, "US cell (312) 555-0177.", "(312) 555-0177"),
        (contact.PHONE, "fax 212-555-0163 attn", "212-555-0163"),
        (contact.ShortPhoneRecognizer(), "Poisons line on 131 126.", "131 126"),
        (contact.ShortPhoneRecognizer(), "call 13 14 50 for help", "13 14 50"),
        (dates.DateRecognizer(), "clinic Tue 14/10 at 9", "14/10"),
        (dates.DateRecognizer(), "off work from 3/9 onwards", "3/9"),
        (dates.DateRecognizer(), "dated 29/2, filed", "29/2"),
        (dates.DateRecognizer(), "Termin am 07.10.2024", "07.10.2024"),
        # round 7: a day before a month in other languages
        (dates.DateRecognizer(), "programada para el 5 de octubre en", "5 de octubre"),
        (dates.DateRecognizer(), "votre colis arrive le 14 août?", "14 août"),
        (dates.DateRecognizer(), "Termin am 3. März 2024 um", "3. März 2024"),
        (dates.DateRecognizer(), "nascido em 22 de dezembro de 1980.", "22 de dezembro de 1980"),
        (
            address.ADDRESS,
            "post to 88 Matakana Valley Road, RD 2, Matakana 0982 please",
            "88 Matakana Valley Road, RD 2, Matakana 0982",
        ),
        (
            address.ADDRESS,
            "at 12 Smith St, Richmond VIC 3121. Pt",
            "12 Smith St, Richmond VIC 3121",
        ),
        (
            address.ADDRESS,
            "Unit 4/17 Beach Rd, St Kilda VIC 3182",
            "Unit 4/17 Beach Rd, St Kilda VIC 3182",
        ),
        (address.ADDRESS, "to PO Box 218, Katherine NT 0851;", "PO Box 218, Katherine NT 0851"),
        (address.ADDRESS, "5 Smith St. Then", "5 Smith St"),
    ],
)
def test_finds(recognizer, text: str, expected: str) -> None:
    assert found(recognizer, text) == [(recognizer.label, expected)], text


# Round 5: address layouts of other countries (docs/redaction.md), through the rule
# engine, which holds every address recognizer.
@pytest.mark.parametrize(
    "text, expected",
    [
        ("moved to Flat 2, 9 Elm Grove, Leeds LS6 2AX last spring", "Flat 2, 9 Elm Grove, Leeds LS6 2AX"),
        ("at 12 Harbour Drive, Bay View, Napier 4110 or", "12 Harbour Drive, Bay View, Napier 4110"),
        ("home 350 Fifth Avenue, New York, NY 10118, USA.", "350 Fifth Avenue, New York, NY 10118"),
        ("to Apt 4B, 2210 W Division St, Chicago, IL 60622 on", "Apt 4B, 2210 W Division St, Chicago, IL 60622"),
        ("route 4471 County Road 12, Ganado, AZ 86505 (no", "4471 County Road 12, Ganado, AZ 86505"),
        ("at 1200 Main St W, Hamilton, ON L8N 3Z5.", "1200 Main St W, Hamilton, ON L8N 3Z5"),
        ("is 12 Rathmines Road Lower, Dublin 6, D06 F2K8.", "12 Rathmines Road Lower, Dublin 6, D06 F2K8"),
        ("Flat 12B, 44 Marine Drive, Mumbai 400020, India", "Flat 12B, 44 Marine Drive, Mumbai 400020"),
        ("to Blk 305 Clementi Avenue 4, #06-112, Singapore 120305.", "Blk 305 Clementi Avenue 4, #06-112, Singapore 120305"),
        ("visit Lot 23 Great Northern Highway, Fitzroy Crossing WA 6765.", "Lot 23 Great Northern Highway, Fitzroy Crossing WA 6765"),
        ("c/o Flat D, 18/F, 7 Kwai Foo Road, Kwai Chung, Hong Kong", "Flat D, 18/F, 7 Kwai Foo Road, Kwai Chung"),
        ("Ship to 9 Kowhai Lane, Ōhope 3121.", "9 Kowhai Lane, Ōhope 3121"),
        ("Postal: Locked Bag 2000, Geelong VIC 3220.", "Locked Bag 2000, Geelong VIC 3220"),
        ("address: Hauptstraße 41, 10827 Berlin, Germany", "Hauptstraße 41, 10827 Berlin"),
        ("on file: Via Roma 12, 20121 Milano MI, Italy.", "Via Roma 12, 20121 Milano MI"),
        ("Bill to Prinsengracht 263, 1016 GV Amsterdam.", "Prinsengracht 263, 1016 GV Amsterdam"),
        ("for her, No. 8, Jalan SS 2/24, 47300 Petaling Jaya.", "No. 8, Jalan SS 2/24, 47300 Petaling Jaya"),
        ("unknown at 88 Rue du Faubourg, 75011 Paris.", "88 Rue du Faubourg, 75011 Paris"),
        ("sent to 14 avenue Victor Hugo, 69002 Lyon, France.", "14 avenue Victor Hugo, 69002 Lyon"),
        ("label: 3-14-2 Nishi-Shinjuku, Shinjuku-ku, Tokyo 160-0023.", "3-14-2 Nishi-Shinjuku, Shinjuku-ku, Tokyo 160-0023"),
    ],
)
def test_finds_addresses_of_other_countries(text: str, expected: str) -> None:
    assert found(RULES, text) == [("ADDRESS", expected)], text


@pytest.mark.parametrize(
    "text, expected",
    [
        # a street name with no postcode and town after it is no street-first address
        ("the Hauptstraße 41 bus was late", []),
        ("Via Roma 12 is closed", []),
        # numbered steps and versions are no chome-ban-go without a postcode
        ("see steps 3-14-2 of the protocol, Tokyo office", []),
        # a phone just after the town is not a postcode
        ("14 Smith St, Mission Bay, Napier 021 555 0182", [("ADDRESS", "14 Smith St, Mission Bay"), ("PHONE", "021 555 0182")]),
        # several parts are taken only when a postcode ends them
        ("at 3 King St, Newtown, then Fairfield, Liverpool", [("ADDRESS", "3 King St, Newtown")]),
        # a month and year after the suburb are no town and postcode
        ("moved to 5 Smith St, Richmond, March 2024.", [("ADDRESS", "5 Smith St, Richmond")]),
    ],
)
def test_other_countries_addresses_need_their_postcode(text: str, expected: list) -> None:
    assert found(RULES, text) == expected, text


@pytest.mark.parametrize(
    "recognizer, text",
    [
        (contact.EMAIL, "user@localhost has no domain"),
        (contact.IPV4, "version 256.1.1.1 is not an address"),
        (contact.IPV4, "Server 10.20.30 timed out"),
        (contact.IPV6, "at 12:30:45 the alarm sounded"),
        (contact.PHONE, "BP 120/80, HR 124, ext 4471"),
        (contact.PHONE, "lab 4471 2093 88"),
        (dates.DateRecognizer(), "31/02/2020 is not a day"),
        (dates.DateRecognizer(), "BP 120/80 and 1/2 tab"),
        (dates.DateRecognizer(), "may 3 times a day"),
        (dates.DateRecognizer(), "Mars bars and a mai tai"),  # a foreign month needs its day
        (contact.PHONE, "ref 2025-44120 and IR-2026-0042"),
        (contact.PHONE, "MRN 0044123456 scanned"),  # no separators: a number, not a phone
        (contact.ShortPhoneRecognizer(), "13 22 11 were seen this week"),  # no call word
        (contact.ShortPhoneRecognizer(), "claim 131450 lodged"),
        (dates.DateRecognizer(), "pain 7/10, review in 3/12"),  # a score, months
        (dates.DateRecognizer(), "r/v 2/52 with bloods"),  # weeks
        (dates.DateRecognizer(), "on 1/2 tab nocte"),  # half a tablet after "on"
        (dates.DateRecognizer(), "on 30/2 (no such day)"),
        (dates.DateRecognizer(), "build 10.20.30 deployed"),  # dotted: day first only
        (address.ADDRESS, "took 2 Panadol today"),
        (address.ADDRESS, "bed 12 cleaned, bed 14 awaiting"),
    ],
)
def test_leaves(recognizer, text: str) -> None:
    assert found(recognizer, text) == [], text


@pytest.mark.parametrize(
    "recognizer, valid, invalid",
    [
        (identifiers.MEDICARE, "Medicare 2123 45670 1 noted", "Medicare 2123 45671 1 noted"),
        (identifiers.MEDICARE, "card 2428778132/1 scanned", "card 2428778122/1 scanned"),
        (identifiers.TFN, "TFN 123 456 782 on file", "TFN 123 456 781 on file"),
        (identifiers.ABN, "ABN 51 824 753 556 ok", "ABN 51 824 753 557 ok"),
        (identifiers.IHI, "IHI 8003 6081 6669 0503 ok", "IHI 8003 6081 6669 0504 ok"),
    ],
)
def test_identifiers_need_their_check_digit(recognizer, valid: str, invalid: str) -> None:
    assert [label for label, _ in found(recognizer, valid)] == [recognizer.label], valid
    assert found(recognizer, invalid) == [], f"{invalid}: check digit fails, must not be reported"


def test_identifier_patterns_do_not_match_inside_longer_numbers() -> None:
    abn = "76 830 388 368"
    assert checksums.tfn_valid(abn[3:]), "fixture: the last nine digits must pass the TFN check"
    assert found(identifiers.TFN, f"invoice {abn} paid") == []
    assert found(RULES, f"invoice {abn} paid") == [("ABN", abn)]


def test_a_cue_decides_between_two_valid_readings() -> None:
    number = "65788843986"  # passes the ABN check and the Medicare check with an IRN
    assert found(RULES, f"Supplier ABN {number} paid") == [("ABN", number)]
    assert found(RULES, f"Medicare {number} scanned") == [("MEDICARE", number)]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Pt Jane Smith seen", "Jane Smith"),
        ("Reviewed with Dr J. van der Berg today", "J. van der Berg"),
        ("spoke with Mrs O'Brien-Jones re meds", "O'Brien-Jones"),
        ("JOHNSTONE, Mary-Kate - DOB", "JOHNSTONE, Mary-Kate"),
        ("NOK: Thi Hoa Tran (daughter)", "Thi Hoa Tran"),
        ("Consent witnessed by Tane Sato", "Tane Sato"),
        ("for locum Chidi Martin at", "Chidi Martin"),
        ("Phoned Olivia McDonald re ED", "Olivia McDonald"),
        ("Regards,\nSvetlana Petrova\nClinical Nurse Consultant", "Svetlana Petrova"),
    ],
)
def test_person_finds(text: str, name: str) -> None:
    assert found(RULES, text) == [("PERSON", name)], text


@pytest.mark.parametrize(
    "text",
    [
        "Grace period for the audit ends on Friday",
        "Dr on call paged twice, no answer",
        "Ward 5 North: bed 12 cleaned",
        "ECG, Troponin and CXR ordered",
        "May need a further dose",
    ],
)
def test_person_leaves(text: str) -> None:
    assert found(person.PersonRecognizer(), text) == [], text


# Round 5 (docs/redaction.md): honorifics as titles, job roles and greetings before a
# single name, a possessive after one, lower-case names after a title, "@" or a chat cue.
@pytest.mark.parametrize(
    "text, name",
    [
        ("Uncle Clarence Walley attended with family", "Clarence Walley"),
        ("Security with Constable Aditya Rao re visitor", "Aditya Rao"),
        ("query NOF #. Radiographer: Dragana.", "Dragana"),
        ("Hi Priyanka, can we move the clinic?", "Priyanka"),
        ("Kia ora Hemi, reminder of your appointment", "Hemi"),
        ("see you then. Thanks, Gemma", "Gemma"),
        ("Mrs Taufa's pain better today", "Taufa"),
        ("I'll tell mrs kaur you called", "kaur"),
        ("has anyone called mrs petrovic's son back", "petrovic"),  # not the possessive
        ("ring mrs o'neill back", "o'neill"),
        ("need a hand with mr oyelaran in 7", "oyelaran"),
        ("thx aisha!! ill cover ur 2pm", "aisha"),
        ("@grace did u send the referral", "grace"),
        ("LE, Arjun lives at home", "LE, Arjun"),
        # round 7: more chat words, a name opening a chat line, particles after it, a
        # spelled name, a maiden name, names of more origins alone
        ("ok bec see u at 6", "bec"),
        ("sorry jess wrong chat", "jess"),
        ("bec can u cover my meds", "bec"),
        ("rang nguyen van hai re pkg", "nguyen van hai"),
        ("Caller: yep, H-A-I-D-A-R-I, but", "H-A-I-D-A-R-I"),
        ("the deceased (née Stavrou) passed away", "Stavrou"),
        ("Katarzyna will send the quote", "Katarzyna"),
        ("the form is with Olumide now", "Olumide"),
    ],
)
def test_person_finds_round5_shapes(text: str, name: str) -> None:
    assert found(RULES, text) == [("PERSON", name)], text


@pytest.mark.parametrize(
    "text",
    [
        "IHI verified against HI Service at 08:26",  # capitals: an acronym, no greeting
        "Sats 94% RA, Ventolin neb given",  # two capitals before a comma: no SURNAME, Given
        "Address on file: Milano MI, Italy",
        "dr said no to the scan",  # a common word after a lower-case title
        "thanks again, all sorted",
        "hi all, ward is full",
        "ask pharmacy to call back",  # a chat cue before a word that is no known given name
        "Elder abuse training on level 2",
        "Morning tea in the staff room",
        "ping @ward5 when done",
        "at St Vincent's overnight",  # one word before a possessive needs a title
        "Known Murphy's sign, RUQ tender",  # two words before one need a cue or given name
        "don't miss appointment on Friday",  # lower-case "miss" is a verb
        "mr brain booked for Friday",
        # round 7
        "mark my words they'll put the price up",  # a name opening a line needs a chat word
        "and then we left",
        "the A-B plan and the C-D ward",  # letters of a code, not a spelled name
    ],
)
def test_person_leaves_round5_look_alikes(text: str) -> None:
    assert [label for label, _ in found(RULES, text) if label == "PERSON"] == [], text


def test_a_particle_after_a_title_is_no_lower_case_name() -> None:
    assert ("PERSON", "ben") not in found(RULES, "D/w Dr ben Amara re plan")
    assert ("PERSON", "van") not in found(RULES, "ring dr van der berg")


def test_engine_keeps_the_email_over_the_name_inside_it() -> None:
    text = "from jane.smith@example.com today"
    assert found(RULES, text) == [("EMAIL", "jane.smith@example.com")]


def test_a_gated_pattern_runs_only_where_what_it_needs_is() -> None:
    """``needs`` is a cheap search every match must pass; a text without it is skipped,
    and a text with it gets the pattern's spans as an ungated pattern would."""
    gated = PatternRecognizer("ADDRESS", 45, re.compile(r"\d+ Main St"), needs=re.compile(r",\s*\d{4}\s"))
    assert list(gated.find("at 12 Main St today")) == []
    spans = list(gated.find("at 12 Main St, 3000 Melbourne"))
    assert [(s.start, s.end, s.label) for s in spans] == [(3, 13, "ADDRESS")]
