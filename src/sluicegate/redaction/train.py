"""Train the redaction NER model (PERSON, ADDRESS) shipped in ``data/ner``.

    python -m sluicegate.redaction.train [--out DIR] [--examples 48000] [--epochs 10]
                                         [--depth 3] [--dropout 0.15] [--seed 14]
                                         [--composed 0.3] [--width 64] [--rows 4000]

Training text is made here from templates in many registers (clinical notes,
e-mail, chat, letters, forms, logs) filled with names and addresses from Faker's
locale data (dev dependency), so no line of it is a line of any evaluation
corpus: the hand-written corpora stay unseen. Names come in the shapes people
write them: lower case in chat, before a colon, after a title with or without a
stop, with initials, hyphens, particles (``van der``, ``bin``, ``Al-``), three
or four parts, family name first (``Nguyen Van An``), accents dropped, after
honorifics (``Imam``, ``Sgt``), headings and abbreviated roles (``Reg``), and alone
after greetings; romanised Japanese, Chinese, Cyrillic, Greek, Georgian and Armenian
names and Korean, Arabic, South Asian, Pacific, African and First Nations lists
(``train_sources``). Since round 6 a share of the lines are sentences composed from
fragments (``train_compose``): names as subjects, objects, after prepositions, in
lists and possessives, with no cue word before them.
Addresses carry unit, level, flat and postal-box forms and the layouts of a
dozen countries, with block, lot, floor and rural forms (``train_sources``).
Capitalised non-names (headings before a colon, acronyms, hospitals,
organisations, eponyms, Faker's word list) teach what is not a name.

The script prints its data sizes, the training time and, per label, the scores
on a dev split of its own text and on the hand-written tuning lines
(``data.TUNING``); the held-out lines (``data.HELD_OUT``, ``data.FRESH`` to
``data.FRESH7``) are never read here. Same seed, same model. (No evaluation line is
training text, but templates written while reading hand-written lines copy their
shapes; docs/redaction.md says which corpora that makes less than held out.)

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
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

from sluicegate.redaction import train_compose as compose
from sluicegate.redaction import train_sources as sources
from sluicegate.redaction.engines.model import HONORIFICS
from sluicegate.redaction.spans import Span

NER_LABELS = ("PERSON", "ADDRESS")
# Latin-script locales: names from many communities that appear in Australian text.
NAME_LOCALES = (
    "en_AU", "en_NZ", "en_GB", "en_IE", "en_US", "en_IN", "en_NG", "en_PH", "en_KE", "en_PK",
    "fr_FR", "de_DE", "it_IT", "es_ES", "es_MX", "pt_BR", "pl_PL", "nl_NL", "tr_TR", "vi_VN",
    "id_ID", "yo_NG", "ig_NG", "zu_ZA", "fi_FI", "sv_SE", "cs_CZ", "hr_HR", "ro_RO", "ga_IE",
    "sw", "tw_GH", "ha_NG", "fil_PH", "da_DK", "hu_HU", "sq_AL", "lt_LT", "es_AR", "es_CO",
    "es_CL", "pt_PT", "sk_SK", "sl_SI", "et_EE", "lv_LV", "az_AZ", "no_NO", "de_AT", "fr_CA",
    "uz_UZ", "is_IS", "fr_BE", "nl_BE", "de_CH", "fr_CH", "es_CA", "en_TH", "fr_DZ",
)  # fmt: skip
# Locales whose names Faker also gives romanised (Japanese, Chinese pinyin, Taiwanese).
ROMANISED_LOCALES = ("ja_JP", "zh_CN", "zh_TW")
# Cyrillic locales, romanised here (train_sources.romanise_cyrillic).
CYRILLIC_LOCALES = ("ru_RU", "uk_UA", "bg_BG")
# Locales in other scripts, romanised here (train_sources.romanise): Greek, Georgian,
# Armenian, Macedonian.
SCRIPT_LOCALES = (("el_GR", "el"), ("ka_GE", "ka"), ("hy_AM", "hy"), ("mk_MK", "cyrillic"))
# Locales whose Faker addresses read like real ones (number, street, town, postcode).
ADDRESS_LOCALES = (
    "en_AU", "en_AU", "en_AU", "en_NZ", "en_GB", "en_IE", "en_US", "en_CA", "fr_FR", "de_DE",
    "it_IT", "es_ES", "nl_NL", "pl_PL", "pt_PT", "en_IN", "zu_ZA", "fil_PH",
)  # fmt: skip
# More locales whose Faker addresses are real layouts (street first, postcode and town):
# a share of the addresses, beside the ones above.
MORE_ADDRESS_LOCALES = (
    "de_CH", "de_AT", "fr_CH", "es_MX", "cs_CZ", "hu_HU", "sk_SK", "sv_SE", "da_DK", "no_NO",
    "fi_FI", "id_ID", "es_AR", "es_CO", "sl_SI", "hr_HR", "ro_RO", "pt_BR",
)  # fmt: skip
TITLES = (
    "Dr", "Dr", "Dr.", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Prof", "Prof.",
    "Professor", "Sister", "Nurse", "Mx", "Rev", "Sr",
)  # fmt: skip
# Abbreviated roles written before a name in notes ("Reg Aditi Menon", "RMO ...").
ROLE_ABBREVIATIONS = (
    "Reg", "RMO", "NUM", "HMO", "Cons", "SW", "OT", "CNS", "AIN", "EN", "RN", "MO", "Intern",
    "NP", "SRMO", "PCA", "Psych", "Pharm", "Diet", "SP", "ACNM", "Surg reg", "Med reg",
    "ICU reg", "GP", "Locum", "Supervisor", "Manager", "Coordinator", "Midwife", "Clerk",
)  # fmt: skip
# Greetings before a single given name ("Good morning Rosa", "FYI Mateo").
GREETINGS = (
    "Good morning", "Good afternoon", "Good evening", "Afternoon", "Hello",
    "Hi", "Hey", "Dear", "G'day", "Talofa", "Bula", "Salaam", "Thanks", "Thank you",
    "Cheers", "FYI", "Congrats", "Sorry", "Happy birthday", "Well done", "Bye", "Kia ora",
)  # fmt: skip
# Words that start a note line before a colon and are not names ("Plan: ...").
HEADINGS = (
    "Plan", "Impression", "Assessment", "Background", "Hx", "Obs", "Bloods", "Imaging", "Meds",
    "Allergies", "Diet", "Mobility", "Cognition", "Social", "Incident", "Attending", "Informant",
    "Update", "Note", "Reminder", "Action", "Outcome", "Subject", "Re", "Summary", "Issue",
    "Diagnosis", "Procedure", "Findings", "Results", "Referral", "Consent", "Discharge", "Review",
    "Handover", "Urgent", "FYI", "Notes", "Progress", "Request", "Reason", "Status", "Location",
)  # fmt: skip
# Diseases, signs, tests and devices named after people: capitalised, not names.
EPONYMS = (
    "Crohn's disease", "Alzheimer's dementia", "Cushing's syndrome", "Bell's palsy",
    "Graves' disease", "Hashimoto's thyroiditis", "Guillain-Barré syndrome", "Huntington's",
    "Raynaud's", "Sjögren's syndrome", "Tourette's", "Kaposi sarcoma", "Wernicke's",
    "Korsakoff syndrome", "Barrett's oesophagus", "Ménière's disease", "Paget's disease",
    "Wilson's disease", "Addenbrooke's score", "Lachman test", "Murphy's sign",
    "Babinski sign", "Foley catheter", "Hartmann's procedure", "Nissen fundoplication",
    "Baker's cyst", "Colles' fracture", "Epley manoeuvre", "Down syndrome", "Asperger's",
    "Still's disease", "Kawasaki disease", "Marfan syndrome", "Turner syndrome",
    "Wolff-Parkinson-White", "Brugada pattern", "Charcot foot", "Dupuytren's contracture",
    "Hodgkin lymphoma", "non-Hodgkin lymphoma", "Parkinson's disease", "Addison's disease",
    "Whipple procedure", "Hirschsprung disease", "Tietze syndrome", "Kussmaul breathing",
    "Tinel's sign", "Phalen's test", "Romberg test", "Kernig's sign", "Trendelenburg gait",
    "Mallory-Weiss tear", "Zollinger-Ellison", "Cheyne-Stokes breathing", "Osgood-Schlatter",
)  # fmt: skip
# Report and letter kinds written before a colon and a name ("Discharge summary: X").
REPORTS = (
    "Discharge", "Transfer", "Admission", "Clinic", "Handover", "Case", "Shift", "Weekly",
    "Operation", "Procedure", "Consult", "Progress", "Telehealth", "Visit", "Home visit",
    "Review", "Outpatient", "Theatre", "Physio",
)  # fmt: skip
# Capitalised places and organisations that are not names or addresses.
ORGS = (
    "Chemist Warehouse", "Priceline Pharmacy", "Royal Darwin", "Royal Perth", "Box Hill",
    "Sir Charles Gairdner", "Fiona Stanley", "Prince Alfred", "Princess Margaret", "Lady Cilento",
    "Mater", "St George", "Queen Elizabeth", "Monash Health", "Austin Health", "Eastern Health",
    "Patient Liaison", "Palliative Care", "Community Nursing", "Hospital in the Home", "Medicare",
    "Blue Care", "Silver Chain", "Red Cross", "Salvation Army", "St John", "Lifeline",
    "Ward 5 North", "Admissions", "Pharmacy", "Radiology", "Pathology", "Outpatients", "ED",
)  # fmt: skip
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
    "aunt", "uncle", "niece", "nephew", "grandson", "granddaughter", "cousin", "housemate",
    "flatmate", "landlord", "guardian", "consultant", "resident", "intern", "pharmacist",
    "physio", "social worker", "nurse", "midwife", "escort", "visitor", "client", "Nonna",
)  # fmt: skip
# Particles inside multi-part names ("van der Berg", "bin Hassan", "De Luca").
PARTICLES = (
    "van", "van der", "de", "De", "da", "dos", "di", "Di", "del", "bin", "binti", "ben",
    "von", "le",
)  # fmt: skip
# Vietnamese middle names: family-first names read "Nguyen Van An".
VI_FAMILY = (
    "Nguyen", "Nguyễn", "Tran", "Trần", "Le", "Pham", "Hoang", "Huynh", "Vo", "Dang", "Bui",
    "Do", "Ngo", "Duong",
)  # fmt: skip
VI_GIVEN = (
    "An", "Anh", "Binh", "Dung", "Hoa", "Hung", "Huong", "Lan", "Linh", "Long", "Mai", "Nam",
    "Phuong", "Quang", "Tuan", "Thao", "Trang", "Vy", "Khoa", "Hai",
)  # fmt: skip
ZH_FAMILY = (
    "Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Zhou", "Wu", "Lin", "Tan", "Lim", "Ng", "Wong",
    "Cheung",
)  # fmt: skip
ZH_GIVEN = (
    "Wei", "Lin", "Mei", "Jun", "Xiao", "Ying", "Hui", "Ming", "Jia", "Yu", "Ling", "Hong",
    "Kai", "Yan",
)  # fmt: skip
VI_MIDDLE = ("Van", "Thi", "Duc", "Minh", "Ngoc", "Thanh", "Quoc", "Huu", "Văn", "Thị")

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
    # chat: lower-case names, names before a colon, titles in lower case
    "can someone ring {p} back, she's been waiting since {n}",
    "has anyone called {t}'s son back yet?? he rang twice",
    "thanks heaps {g}, I'll tell {t} you called",
    "is {p} still in bay {n} or did he go to the ward",
    "u free? need a hand with {t} in {n}",
    "no worries {g}, already done",
    "{g} ur patient in {n} is asking for pain relief",
    "lol ok {g}, i'll grab coffee for u too",
    "morning all, {g} is off sick so {g} is in charge today",
    "can u ask {t} to sign the script before {n}",
    "[{time}] {G}: {chat}\n[{time}] {G}: {chat}",
    "[{time}] {G}: {chat}",
    "{G}: {chat}",
    "{g}: {chat}",
    "{G} - {chat}",
    "<{G}> {chat}",
    "ok {g} thx",
    "ask {g} or {g}, they know",
    "{chat}, {g}?",
    "tell {p} the {thing} is ready",
    # headings and clinical free text
    "{H}: {issue}, {thing} {day}.",
    "{H}: {chat}",
    "{H}: {T}; {role} {P}.",
    "{H}: {role} {P}, who found him on the floor.",
    "{H} - {issue}. D/w {T}.",
    "Reviewed on ward round with {T}. {T}'s {issue} better today.",
    "{n}M, brought in by {role} {G} after collapse at home; {role} {G} arrived {n}00.",
    "Called {P} back, she will bring the {thing} films on {day}.",
    "Discussed with {P} ({role}): hold {thing} pre-op.",
    "Nurse unable to reach patient at {A}, left card.",
    "Pt states she moved to {A} last {month}.",
    "{Role} {P} present for consent, interpreter booked.",
    "Informed {role}, {P}, of the change.",
    "{G} from {thing} to review after lunch.",
    "{G} from {org} dropped off the forms.",
    "Ward clerk: {G} from {org} called.",
    "Client {P} attended with {role}.",
    "{P} declined the flu vaccine.",
    "Patient {P} declined {thing}.",
    "Referral received from {P} for {issue}.",
    "Referral from {T} for {P}, DOB {date}.",
    "Spoke with {P} about {issue}.",
    "Seen jointly with {role} {P}; {role} {P} to review {day}.",
    "O/E alert, {role} {P} translating.",
    "{P} ({role}) is NOK, contact via {email}.",
    "Sent to {P}, {A}.",
    "Sent to {P}, {A}, {country}.",
    "{org}, {A}",
    "pls send script to {org}, {A}",
    "Transferred from {org} to {org}; {role} {P} aware.",
    "Seen in {org} by {T}, d/c to {A}.",
    "Telehealth with {P}; next review {day}.",
    "Ward transfer: {C} to {n}B, handover given to {G}.",
    "Family present: {P} ({role}), {P} ({role}).",
    "Escalated to {org}. Family meeting {day} with {org}.",
    # e-mail, letters and sign-offs
    "Regards,\n{P}\n{job}",
    "Thanks,\n{G}",
    "Cheers,\n{G}",
    "Warm regards,\n\n{P}\n{job}, {org}",
    "Subject: {issue}\n\nHi {G}, can we move {P} to {day}? Thanks, {G}",
    "Dear {G},\n\nThanks for your note. I've booked {P} in for {day}.",
    "Hi team, reminder that {P} starts on the ward {day}.",
    "Forwarding on behalf of {P}, who is on leave until {day}.",
    "Apologies, I can't make {day}'s MDT. {G} will present instead.",
    "From: {email}\nTo: intake\nPlease register my {role}, {P}, born {date}.",
    "Can you please send the summary to {A}?",
    "New address is {A}, {country} from next month.",
    "Mail returned from {A}.",
    "Records requested by a clinic at {A}.",
    "Visiting from {country}, staying with family at {A} until {month}.",
    "Temporary address: {A}.",
    "Her previous address was {A}.",
    "Lives on a farm, postal {A}.",
    "Please note the preferred name is {G}, not {G}.",
    # unannounced names and names with a role after them
    "{G} says he has been more confused since {day}.",
    "{P} discharged home with {G} ({role}) at {time}.",
    "{P} emailed from {email} asking for her results.",
    "{P} rang, wants a call back.",
    "{G} (patient's {role}) can be reached on {phone}.",
    "{P} tolerating diet, mobilising independently.",
    "Please call {G} on {phone} after {time}.",
    "{C} - DOB {date} - MRN {n} - {ACR} documented.",
    "Please register my {role}, {P}, born {date}.",
    "{P} and {G} ({role}) attended; {G} interpreting.",
    # negatives: capitalised words and numbers that are not names or addresses
    "{W}: {w} {w} {w} from {ip} port {n}",
    "{W} {w} {w}, {thing} {n} mg; {issue}.",
    "{W} {n}.{n}, given {thing}; {w} {w} sent.",
    "{ACR} {w} {w} {ACR}, not a person identifier.",
    "{ACR} {n} returned by the {ACR} Service with status {W}.",
    "{W} from {ACR}, re: {issue}.",
    "Nil {ACR} in this line: {thing} {n}, {ACR} unchanged.",
    "The {ACR} at {place} is on bypass until {time}.",
    "Transferred from {place}; {thing} aware.",
    "{W} {W} at {place}, {W} {w}.",
    "{phrase}.",
    "{phrase}: {W} {w} {w}.",
    "{H}: {W} {w} {w}, {thing}.",
    "{W} {w} {w} {org}.",
    "{org} {W} {w} {day}.",
    "{thing} 500 mg mane, {thing} PRN; {issue}.",
    "Referred to {thing} for {issue}; {thing} booked {day}.",
    "Obs: BP {n}/80, HR {n}, afebrile. {thing} given.",
    "{thing} and {thing} clinic closed over {thing}.",
    "Level {n} {thing} meeting moved to {day}.",
    "Check {thing} results before {thing} round.",
    "{month} rota out, {thing} short staffed.",
    "Room {n} needs cleaning, {thing} aware.",
    # round 3 (docs/redaction.md): names after headings and abbreviations, honorifics,
    # single given names after greetings, and the block/lot/unit addresses
    "{H}: {P}, {age}, {issue}.",
    "{H}: {P}",
    "{Hl} summary: {P}, {age}, {issue}, home {day}.",
    "{Hl} for {P}: {issue}.",
    "{ABR} {P} aware, {issue}.",
    "{ABR} {P} to review {day}.",
    "D/w {ABR} {P}; {thing} charted.",
    "{ABR} {G} happy with plan.",
    "{greet} {G}, {chat}",
    "{greet} {G}! {W} {w} {w}.",
    "{greet} {G} - {issue} update attached.",
    "{greet} {g}, {chat}",
    "{greet} {G} and {G}, {w} {w} {day}.",
    "{HON} visited {day}; {issue}.",
    "{HON} rang re {issue}.",
    "Seen with {HON}.",
    "{HON} ({role}) present.",
    "Family asked for {HON} to attend.",
    "{P} ({ABR}) reviewed the {thing}.",
    "Name: {P}\n{H}: {issue}",
    "{H}: {issue}. {H}: {T}.",
    "{P} wrote: {w} {w} {w} {thing}?",
    "Address for {P}: {A}.",
    "{P}\n{A}",
    "{A}",
    "Send the {thing} to {A} please.",
    "Delivered to {A} on {day}.",
    # a name in a context no template has: common words around it
    "{W} {w} {w} {P} {w} {w}.",
    "{w} {w} {G} {w} {w} {w}",
    "{P} {w} {w} {w}, {w} {thing}.",
    "{W} {w} {T} {w} {w} {w}.",
    # eponyms, tests and scores named after people: not names in a note
    "Hx {epo}; {issue}, on {thing}.",
    "Known {epo}, {thing} {n} mg daily.",
    "{H}: ?{epo}. {thing} charted.",
    "Query {epo} vs {epo}; for {thing}.",
    "{epo} positive, {w} {w}.",
    # round 4 (docs/redaction.md), from the tuning sets' misses: a single given name
    # after "and", "for", "with" or mid-sentence; lower-case chat names after words
    # that are no cue; names after "welcome" and "speaking with"
    "FYI {G} is on leave {day}, {G} is covering {w} {w}.",
    "{G} is covering bed {n} until {time}.",
    "Message left for {G} on {phone} about {issue}.",
    "Script ready for {G}; {role} to collect {day}.",
    "Plan discussed with {G} and {role} {G}.",
    "Discussed with {G} and her {role}, both agree.",
    "Reviewed with {G} and the {role}; {issue} improving.",
    "Pt's {role}, {G}, {chat}.",
    "{W} {w} for {G} and {G} {day}.",
    "hi {g} its {g}, {chat}",
    "yo {g} did u {w} the {thing}? need it b4 {n}",
    "@{g} did u send the {thing} yet",
    "{g} did u see the {thing} from {g}",
    "hey its {g}, {chat}",
    "Please welcome {G} to the {thing} team, starting {day}.",
    "welcome {G}! {W} {w} {w}.",
    "You're speaking with {G}, how can I help?",
    "Agent: {chat}\nCaller: it's {P}.",
    "Caller: {chat}\nAgent: thanks {t}.",
    # round 4 negatives: places and organisations named after people, code calls,
    # brand-name drugs after a verb, hyphenated clinical words
    "{Q} {inst} is closed until {day}.",
    "Refer to {Q} {inst} for {issue}.",
    "Transferred to {Q} {inst}; {thing} aware.",
    "Code {colour} called at {time}, security attended.",
    "{Verb} {drug} {n} mg nocte and {drug} {n} mg BD; {drug} ceased.",
    "{Verb} {drug}, {issue} settling.",
    "{hyph}, {issue}. {W} {w} {w}.",
    "{W} {w}. {hyph}, quit {n} years ago.",
    "Background of {epo} and {epo} in remission.",
    # round 7 negatives (docs/redaction.md), from two new tuning sets' false names:
    # places, companies, holidays and ordinary words written capitalised and alone, in
    # the contexts a name also takes ("moved to X", "from X", "X and Y renewals")
    "{Role} moved to {pl} in {month}; {issue}.",
    "{G} moved to {pl} last year.",
    "Flew in from {pl} {day}, {issue}.",
    "Nearest hospital is {pl}.",
    "The road to {pl} was closed, so {G} {w} {w}.",
    "Our {pl} office is closed for {ev}.",
    "{P} from the {pl} branch confirmed the transfer.",
    "Shipping from {pl}, {n} days to {pl}.",
    "{P} flies from {pl} to {pl} on {brand}.",
    "Lives in {pl} with her {role}; {issue}.",
    "{P}, {age}, from {pl}, presented with {issue}.",
    "{Role} brought in lunch from {pl}.",
    "Driven mostly by {brand} and {brand} renewals.",
    "Hello {G}, your {brand} bill is ready. Reply STOP to opt out.",
    "We use {brand} for {w}; the {brand} board moved to {brand}.",
    "Booked with {brand}, departing {pl} {day}.",
    "Uniforms from {brand}, pick up {day}.",
    "Welcome to the {w} day at {brand} HQ!",
    "Paid through {brand}; receipt sent to {email}.",
    "{ev} opening hours: 9am to 3pm, closed {day}.",
    "Closed for {ev}; back {day}.",
    "Reports {issue} since {ev}.",
    "Enjoys bingo on {day} and {ev} with {role} {G}.",
    "{opener} {tail} {w} {w}.",
    "{opener} {tail} {w}, {w} {w}.",
    "{opener}: {P}, {P}.",
    "{opener} {P} checking out {day}, room {n}.",
    "Speaks {lang} and some {lang}; {role} {G} interprets.",
    "{lang}-speaking, lives with {role} {G}.",
    "{T} is {pred}, {w} {w}.",
    "the {w} at the front desk is {pred} again",
    "{W} close in {month} and {pred} in {month}.",
    "bloods and obs {pred}, {g} aware",
    "{lead} {A}.",
    "{P}: {lead} {A}.",
)
ISSUES = (
    "chest pain", "cellulitis", "a fall", "delirium", "UTI", "COPD exacerbation", "back pain",
    "low mood", "headache", "SOB", "poor oral intake", "wound breakdown", "AF with RVR",
)  # fmt: skip
# Languages, capitalised and no name ("Speaks Ukrainian", "Dari-speaking").
LANGUAGES = (
    "Ukrainian", "Russian", "Polish", "Mandarin", "Cantonese", "Vietnamese", "Arabic", "Dari",
    "Farsi", "Turkish", "Greek", "Italian", "Spanish", "Portuguese", "Hindi", "Punjabi",
    "Tamil", "Sinhala", "Tongan", "Samoan", "Somali", "Tigrinya", "Swahili", "Korean",
)  # fmt: skip
COUNTRIES = ("Australia", "New Zealand", "Germany", "France", "UK", "Italy", "Canada", "Spain")
CHAT = (
    "pt in 12 refusing meds again", "ok coming", "anyone seen the obs trolley", "in bay 3 i think",
    "can you take bed 22, i'm swamped", "on my way", "done", "who has the keys", "need a hand",
    "running 10 min late", "bloods are back", "family here asking for you", "all good",
)  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "tomorrow", "next week", "Sat")
STREET_SHORT = (("Street", "St"), ("Road", "Rd"), ("Avenue", "Ave"), ("Drive", "Dr"),
                ("Parade", "Pde"), ("Crescent", "Cres"), ("Court", "Ct"), ("Place", "Pl"))
MONTHS = ("January", "March", "June", "August", "October", "December")
# Cities and towns, many of them also people's names: after "to", "in", "from" they
# are places.
CITIES = (
    "Adelaide", "Victoria", "Darwin", "Hobart", "Florence", "Charlotte", "Regina", "Sydney",
    "Austin", "Lincoln", "Jackson", "Madison", "Eugene", "Chelsea", "Kingston", "Preston",
    "Beverley", "Orlando", "Phoenix", "Paris", "Melbourne", "Brisbane", "Perth", "Cairns",
    "Geelong", "Ballarat", "Bendigo", "Wollongong", "Auckland", "Wellington", "Christchurch",
    "London", "Manchester", "Dublin", "Lagos", "Nairobi", "Manila", "Jakarta", "Mumbai",
    "Delhi", "Karachi", "Dhaka", "Colombo", "Hanoi", "Bangkok", "Seoul", "Tokyo", "Beijing",
    "Shanghai", "Toronto", "Vancouver", "Chicago", "Houston", "Berlin", "Madrid", "Rome",
    "Athens", "Istanbul", "Tehran", "Kabul", "Beirut", "Cairo", "Johannesburg", "Suva",
    "Apia", "Alice Springs", "Townsville", "Elizabeth", "Mackay", "Bathurst", "Nelson",
)  # fmt: skip
# Round 4 negatives. Words after a person's name that make it a place or a service.
INSTITUTIONS = (
    "Ward", "Wing", "Centre", "Cancer Centre", "House", "Building", "Institute", "Library",
    "Clinic", "Hospital", "Unit", "Lodge", "Medical Centre", "Research Institute", "Pavilion",
)  # fmt: skip
COLOURS = ("Blue", "Grey", "Yellow", "Black", "Orange", "Purple", "Brown", "Red", "blue", "grey")
# Brand-name drugs, capitalised and no name.
DRUGS = (
    "Lyrica", "Keflex", "Endep", "Norspan", "Targin", "Lasix", "Coversyl", "Lipitor", "Nexium",
    "Somac", "Augmentin", "Tramal", "Valium", "Stilnox", "Seroquel", "Zoloft", "Lexapro",
    "Efexor", "Xarelto", "Eliquis", "Pradaxa", "Jardiance", "Januvia", "Ozempic", "Humira",
    "Prolia", "Spiriva", "Seretide", "Symbicort", "Movicol", "Coloxyl", "Oxynorm",
)  # fmt: skip
VERBS = ("Prescribed", "Started", "Commenced", "Charted", "Ceased", "Withheld", "Restarted", "Given")
HYPHENATED = (
    "Ex-smoker", "Non-smoker", "Non-verbal", "Self-caring", "Well-perfused", "Pre-op",
    "Post-op", "Wheelchair-bound", "Co-operative", "Non-tender", "Re-presented", "Full-time",
)  # fmt: skip

Example = tuple[str, list[Span]]


class _Writer:
    """Fills templates with Faker values, recording each PERSON and ADDRESS span."""

    def __init__(self, seed: int) -> None:
        from faker import Faker  # dev dependency: training only, never at run time

        self.rng = random.Random(seed)
        self.fakers: dict[str, Faker] = {}
        every = {
            *NAME_LOCALES, *ADDRESS_LOCALES, *MORE_ADDRESS_LOCALES, *ROMANISED_LOCALES,
            *CYRILLIC_LOCALES, *(locale for locale, _ in SCRIPT_LOCALES),
            *sources.PLACE_LOCALES,
        }
        for i, locale in enumerate(sorted(every)):
            fake = Faker(locale)
            fake.seed_instance(seed + i)
            self.fakers[locale] = fake

    def fake(self, locales: tuple[str, ...]):
        return self.fakers[self.rng.choice(locales)]

    def _pool_part(self, family: bool) -> str:
        """A given or family name from a source Faker lacks in Latin script: its
        romanised Japanese and Chinese names, Cyrillic ones romanised, and the
        Korean, Arabic, South Asian, Pacific, African and First Nations lists."""
        rng = self.rng
        r = rng.random()
        if r < 0.3:
            fake = self.fake(ROMANISED_LOCALES)
            name = fake.last_romanized_name() if family else fake.first_romanized_name()
            return name.title() if name.isupper() else name
        if r < 0.42:
            fake = self.fake(CYRILLIC_LOCALES)
            return sources.romanise_cyrillic(fake.last_name() if family else fake.first_name())
        if r < 0.52:
            locale, script = rng.choice(SCRIPT_LOCALES)
            fake = self.fakers[locale]
            return sources.romanise(fake.last_name() if family else fake.first_name(), script)
        key = rng.choice(tuple(sources.POOLS))
        given, families, _ = sources.POOLS[key]
        if family:
            return rng.choice(families)
        return sources.korean_given(rng) if given is None else rng.choice(given)

    def given(self) -> str:
        if self.rng.random() < 0.3:
            return self._plain(self._pool_part(family=False))
        name = self.fake(NAME_LOCALES).first_name()
        if self.rng.random() < 0.06:  # hyphenated given names: Mei-Ling, Jean-Luc
            name = f"{name}-{self.fake(NAME_LOCALES).first_name().lower()}"
        return self._plain(name)

    def surname(self) -> str:
        if self.rng.random() < 0.3:
            return self._plain(self._pool_part(family=True))
        r = self.rng.random()
        name = self.fake(NAME_LOCALES).last_name()
        if r < 0.08:  # double-barrelled
            name = f"{name}-{self.fake(NAME_LOCALES).last_name()}"
        elif r < 0.14:
            name = f"{self.rng.choice(PARTICLES)} {name}"
        elif r < 0.17:
            name = f"{self.rng.choice(('Al-', 'El-', 'Ben-', 'Abu-'))}{name}"
        elif r < 0.20:
            name = self.rng.choice(("O'", "Mc", "Mac")) + name
        return self._plain(name)

    def _plain(self, name: str) -> str:
        """Accents dropped a fifth of the time, as people type them (and the stray
        spaces of some Faker locales' names dropped)."""
        name = " ".join(name.split())
        if self.rng.random() < 0.2:
            folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
            if folded.strip("-' "):
                return folded
        return name

    def person(self) -> str:
        given, surname = self.given(), self.surname()
        r = self.rng.random()
        if r < 0.12:  # one community's name, in its own order: "Choi Min-ji", "Sato Yui"
            return self._pool_person()
        r = self.rng.random()
        if r < 0.45:
            return f"{given} {surname}"
        if r < 0.53:
            return f"{given} {self.rng.choice('ABCDEFGHJKLMNPRSTW')}. {surname}"
        if r < 0.56:
            return f"{self.rng.choice('ABCDEFGHJKLMNPRSTW')}. {surname}"
        if r < 0.68:
            return f"{given} {self.given()} {surname}"
        if r < 0.76:
            return f"{surname.upper()}, {given}"
        if r < 0.84:  # family name first: Nguyen Van An, Chen Wei-Lin
            rng = self.rng
            if rng.random() < 0.6:
                family, middle = rng.choice(VI_FAMILY), rng.choice(VI_MIDDLE)
                return self._plain(f"{family} {middle} {rng.choice(VI_GIVEN)}")
            return f"{rng.choice(ZH_FAMILY)} {rng.choice(ZH_GIVEN)}-{rng.choice(ZH_GIVEN).lower()}"
        if r < 0.90:
            return f"{given} {self.given()} {self.surname()} {surname}"
        return f"{given} {surname}"

    def _pool_person(self) -> str:
        rng = self.rng
        if rng.random() < 0.35:
            fake = self.fake(ROMANISED_LOCALES)
            given, family = fake.first_romanized_name(), fake.last_romanized_name()
            given, family = given.title(), family.title()
            if rng.random() < 0.3 and "-" not in given and len(given) > 3:
                given = f"{given[:2]}-{given[2:].lower()}" if rng.random() < 0.2 else given
            return f"{family} {given}" if rng.random() < 0.5 else f"{given} {family}"
        key = rng.choice(tuple(sources.POOLS))
        givens, families, family_first = sources.POOLS[key]
        given = sources.korean_given(rng) if givens is None else rng.choice(givens)
        family = rng.choice(families)
        if key == "ar" and rng.random() < 0.3:
            family = f"{rng.choice(('bin', 'ibn', 'binti', 'bint', 'Abu'))} {rng.choice(givens)}"
        if key == "sa" and rng.random() < 0.3:
            given = f"{given} {rng.choice(('Kaur', 'Singh', 'Kumar', 'Devi', 'Lal'))}"
        if rng.random() < family_first:
            return f"{family} {given}"
        return f"{given} {family}"

    def address(self) -> str:
        if self.rng.random() < 0.35:
            f = self.fakers
            return sources.international_address(
                self.rng, f["en_GB"], f["en_IE"], f["en_CA"], f["en_US"], self.surname
            )
        more = self.rng.random() < 0.25
        locale = self.rng.choice(MORE_ADDRESS_LOCALES if more else ADDRESS_LOCALES)
        fake = self.fakers[locale]
        if locale in ("en_AU", "en_NZ") and self.rng.random() < 0.7:
            return self._au_address(fake)
        lines = [line.strip() for line in fake.address().splitlines() if line.strip()]
        r = self.rng.random()
        # a street alone only where the number comes first ("12 Smith St"): a street-first
        # line alone ("Hauptstraße 41") would teach that any word and a number is one
        if r < 0.2 and not more and lines[0][:1].isdigit():
            return lines[0]
        return (" " if r < 0.35 else ", ").join(lines)

    def _au_address(self, fake) -> str:
        """An Australian or NZ address as people write them: unit forms, abbreviated
        street types, suburb, state and postcode in several layouts, postal boxes."""
        rng = self.rng
        state = fake.state_abbr() if hasattr(fake, "state_abbr") else ""
        town = fake.city()
        if rng.random() < 0.15:
            town = town.upper()
        place = f"{town} {state} {fake.postcode()}".replace("  ", " ")
        if rng.random() < 0.12:
            box = rng.choice(("PO Box", "P.O. Box", "GPO Box", "Locked Bag", "RMB", "PO BOX"))
            return f"{box} {rng.randint(1, 9999)}, {place}"
        street = fake.street_name()
        if rng.random() < 0.4:
            for long, short in STREET_SHORT:
                street = re.sub(rf"\b{long}$", short, street)
        number = str(rng.randint(1, 400))
        if rng.random() < 0.08:
            number += f"-{int(number) + rng.choice((2, 4))}"
        unit = rng.random()
        if unit < 0.15:
            number = f"{rng.randint(1, 40)}/{number}"
        elif unit < 0.3:
            kind = rng.choice(("Unit", "Flat", "Apt", "Level", "Suite", "Shop", "U"))
            number = f"{kind} {rng.randint(1, 40)}{rng.choice((',', ',', ''))} {number}"
        layout = rng.random()
        if layout < 0.25:
            return f"{number} {street}"
        if layout < 0.4:
            return f"{number} {street} {place}"
        if layout < 0.5:
            return f"{number} {street}, {town}"
        return f"{number} {street}, {place}"

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
            "chat": lambda: rng.choice(CHAT),
            "H": lambda: rng.choice(HEADINGS),
            "Hl": lambda: rng.choice(REPORTS),
            "ABR": lambda: rng.choice(ROLE_ABBREVIATIONS),
            "greet": lambda: rng.choice(GREETINGS),
            "epo": lambda: rng.choice(EPONYMS),
            "org": lambda: rng.choice(ORGS),
            "job": lambda: self.fakers["en_GB"].job().split(",")[0],
            "W": lambda: self.fakers["en_US"].word().capitalize(),
            "w": lambda: self.fakers["en_US"].word(),
            "ACR": lambda: "".join(
                rng.choice("ABCDEFGHIKLMNOPRSTUVWXY") for _ in range(rng.randint(2, 4))
            ),
            "place": lambda: self._place(),
            "phrase": lambda: self.fakers["en_US"].catch_phrase().title(),
            "Q": lambda: self.person(),
            "inst": lambda: rng.choice(INSTITUTIONS),
            "colour": lambda: rng.choice(COLOURS),
            "drug": lambda: rng.choice(DRUGS if rng.random() < 0.6 else sources.MORE_DRUGS),
            "Verb": lambda: rng.choice(VERBS),
            "hyph": lambda: rng.choice(HYPHENATED),
            "city": lambda: rng.choice(CITIES) if rng.random() < 0.7 else self._town(),
            "pl": lambda: self._real_place(),
            "brand": lambda: rng.choice(sources.BRANDS),
            "ev": lambda: rng.choice(sources.EVENTS),
            "opener": lambda: rng.choice(sources.OPENERS),
            "tail": lambda: rng.choice(sources.OPENER_TAILS),
            "pred": lambda: rng.choice(sources.PREDICATES),
            "lead": lambda: rng.choice(sources.ADDRESS_LEADS),
            "lang": lambda: rng.choice(LANGUAGES),
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
        if name == "N":
            return self.any_person(), "PERSON", ""
        if name == "nl":
            r = rng.random()
            person = (
                self.given() if r < 0.5
                else f"{self.given()} {self.surname()}" if r < 0.85
                else self._pool_person()
            )
            return person.lower(), "PERSON", ""
        if name == "C":
            return f"{self.surname().upper()}, {self.given()}", "PERSON", ""
        if name == "T":
            surname = self.surname() if rng.random() < 0.6 else f"{self.given()} {self.surname()}"
            return surname, "PERSON", rng.choice(TITLES) + " "
        if name == "HON":  # "Imam Khalid Nasser": the honorific stays outside the span
            r = rng.random()
            person = (
                f"{self.given()} {self.surname()}" if r < 0.45
                else self.surname() if r < 0.7
                else self.given()
            )
            return person, "PERSON", rng.choice(HONORIFICS) + " "

        if name == "t":  # chat: "mrs kaur", "dr haddad"
            title = rng.choice(("mr", "mrs", "ms", "dr", "Mr", "Mrs", "Dr"))
            surname = self.surname()
            return (surname.lower() if rng.random() < 0.7 else surname), "PERSON", title + " "
        if name == "A":
            return self.address(), "ADDRESS", ""
        raise KeyError(name)

    def any_person(self) -> str:
        """A person in running text (composed sentences): a full name in any shape,
        a given name or a surname alone, one community's name in its own order."""
        r = self.rng.random()
        if r < 0.32:
            return self.person()
        if r < 0.6:
            return self.given()
        if r < 0.7:
            return self.surname()
        if r < 0.82:
            return self._pool_person()
        if r < 0.97:
            return f"{self.given()} {self.surname()}"
        return f"{self.given()} {self.surname()}".upper()

    def _town(self) -> str:
        return self.fake(("en_AU", "en_NZ", "en_GB", "en_US")).city()

    def _real_place(self) -> str:
        """A real town or city, written alone (round 7)."""
        r = self.rng.random()
        if r < 0.5:
            return self.rng.choice(sources.PLACES)
        if r < 0.7:
            return self.rng.choice(CITIES)
        return self.fake(sources.PLACE_LOCALES).city()

    def _place(self) -> str:
        """A hospital, suburb or service: capitalised, not a person."""
        town = self.fake(("en_AU", "en_NZ", "en_GB")).city()
        kinds = ("Royal {}", "{} Hospital", "{} Health", "{}", "{} Private", "{} ED")
        kind = self.rng.choice(kinds)
        return kind.format(town)

    def _email(self) -> str:
        local = re.sub(r"[^a-z]", "", self.given().lower()) or "info"
        return f"{local}{self.rng.randint(1, 99)}@example.org"


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Defaults of the shipped model (docs/redaction.md, "Training"); COMPOSED is the share of
# template lines that are composed sentences (train_compose) rather than fixed templates.
EXAMPLES, EPOCHS, DEPTH, DROPOUT, COMPOSED = 48000, 10, 3, 0.15, 0.3


def _noise(writer: _Writer) -> str:
    """An English sentence of common words (Faker's word list), some capitalised:
    teaches the model that an unknown or capitalised word is not yet a name."""
    words = writer.fakers["en_US"].words(writer.rng.randint(3, 10))
    words = [w.capitalize() if writer.rng.random() < 0.15 else w for w in words]
    return " ".join(words).capitalize() + writer.rng.choice((".", ";", ",", " -", ":", "?"))


def make_examples(count: int, seed: int, composed: float = COMPOSED) -> list[Example]:
    """``count`` training lines with PERSON and ADDRESS spans, the same for the same seed.

    A fifth are plain noise sentences with no span; of the others a share
    ``composed`` are sentences put together from fragments (``train_compose``), the
    rest a fixed template, with a noise sentence before or after it half the time.
    """
    writer = _Writer(seed)
    out: list[Example] = []
    for _ in range(count):
        if writer.rng.random() < 0.2:
            out.append((_noise(writer), []))
            continue
        if writer.rng.random() < composed:
            template = compose.sentence(writer.rng, lower=writer.rng.random() < 0.12)
        else:
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


def _config(width: int, rows: int, depth: int = 2) -> dict:
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
                "depth": depth,
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
    out: Path, examples: int = EXAMPLES, epochs: int = EPOCHS, seed: int = 14, width: int = 64,
    rows: int = 4000, depth: int = DEPTH, dropout: float = DROPOUT,
    composed: float = COMPOSED, log: Callable[[str], None] = print,
) -> Path:
    """Train and save the model to ``out``; log sizes and per-label scores."""
    import spacy
    from spacy.util import fix_random_seed, minibatch

    began = time.perf_counter()
    fix_random_seed(seed)
    data = make_examples(examples, seed, composed)
    split = len(data) // 10
    dev, learn = data[:split], data[split:]
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner", config=_config(width, rows, depth))
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
            nlp.update(batch, sgd=optimizer, losses=losses, drop=dropout)
        log(f"epoch {epoch + 1}: loss {losses['ner']:.0f} ({time.perf_counter() - started:.0f} s)")
    log(f"trained in {time.perf_counter() - began:.0f} s")
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
    parser.add_argument("--examples", type=int, default=EXAMPLES)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--depth", type=int, default=DEPTH, help="CNN layers in tok2vec")
    parser.add_argument("--dropout", type=float, default=DROPOUT)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--composed", type=float, default=COMPOSED,
                        help="share of template lines composed from fragments")
    parser.add_argument("--width", type=int, default=64, help="tok2vec width")
    parser.add_argument("--rows", type=int, default=4000, help="hash embedding rows")
    parser.add_argument("--dump", type=Path, help="Also write the training lines here.")
    args = parser.parse_args(argv)
    if args.dump:
        lines = make_examples(args.examples, args.seed, args.composed)
        args.dump.write_text("".join(line + "\n" for line in iter_lines(lines)), encoding="utf-8")
    train(args.out, args.examples, args.epochs, args.seed, width=args.width, rows=args.rows,
          depth=args.depth, dropout=args.dropout, composed=args.composed)


if __name__ == "__main__":
    main()
