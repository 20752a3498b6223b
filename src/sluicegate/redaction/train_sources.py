"""Name and address sources for the training text beyond Faker's Latin-script locales.

Faker has no romanised Korean, Arabic, Cyrillic or Pacific names and writes few
addresses in the block, lot, unit and postcode layouts of Singapore, Malaysia, Hong
Kong, Japan, Ireland, the UK, Canada or rural Australia, NZ and the US. These lists
and builders fill that gap for ``sluicegate.redaction.train``. They are written from
general knowledge of naming and postal conventions (Universal Postal Union address
formats; An Post's Eircode format; Canada Post's postal-code format), not from any
evaluation corpus; no name of ``handwritten_fresh4.jsonl`` is in these lists but
``Kim`` and the Korean syllables ``Min`` and ``Ji`` (docs/redaction.md, "Round 3").
"""

from __future__ import annotations

import random

# Cyrillic to Latin, roughly as people romanise names in English text (BGN/PCGN-like).
_CYRILLIC = dict(zip(
    "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "g", "d", "e", "ye", "yo", "zh", "z", "i", "i", "yi", "y", "k", "l", "m",
     "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
     "yu", "ya"],
    strict=True,
))


def romanise_cyrillic(word: str) -> str:
    """``Красильникова`` -> ``Krasilnikova``."""
    out = "".join(_CYRILLIC.get(c.lower(), c) for c in word)
    return out[:1].upper() + out[1:]


# Macedonian letters beyond the Russian and Ukrainian ones.
_CYRILLIC.update({"ѓ": "gj", "ќ": "kj", "ј": "j", "љ": "lj", "њ": "nj", "ѕ": "dz", "џ": "dzh"})
# Greek, Georgian and Armenian to Latin, as names are usually written in English text
# (ELOT 743, the Georgian national system and BGN/PCGN Armenian, simplified).
_GREEK_PAIRS = {"ου": "ou", "ού": "ou", "αυ": "av", "ευ": "ev", "γγ": "ng", "γκ": "gk", "μπ": "b"}
_GREEK = dict(zip(
    "αάβγδεέζηήθιίϊΐκλμνξοόπρσςτυύϋΰφχψωώ",
    ["a", "a", "v", "g", "d", "e", "e", "z", "i", "i", "th", "i", "i", "i", "i", "k", "l", "m",
     "n", "x", "o", "o", "p", "r", "s", "s", "t", "y", "y", "y", "y", "f", "ch", "ps", "o", "o"],
    strict=True,
))
_GEORGIAN = dict(zip(
    "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
    ["a", "b", "g", "d", "e", "v", "z", "t", "i", "k", "l", "m", "n", "o", "p", "zh", "r", "s",
     "t", "u", "p", "k", "gh", "q", "sh", "ch", "ts", "dz", "ts", "ch", "kh", "j", "h"],
    strict=True,
))
_ARMENIAN = dict(zip(
    "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ",
    ["a", "b", "g", "d", "e", "z", "e", "y", "t", "zh", "i", "l", "kh", "ts", "k", "h", "dz",
     "gh", "ch", "m", "y", "n", "sh", "o", "ch", "p", "j", "r", "s", "v", "t", "r", "ts", "v",
     "p", "k", "o", "f"],
    strict=True,
))


def romanise(word: str, script: str) -> str:
    """A Greek (``el``), Georgian (``ka``), Armenian (``hy``) or Cyrillic name in Latin
    letters: ``Νικολάου`` -> ``Nikolaou``, ``ბურჯანაძე`` -> ``Burjanadze``."""
    if script == "cyrillic":
        return romanise_cyrillic(word)
    low = word.lower()
    if script == "el":
        for pair, latin in _GREEK_PAIRS.items():
            low = low.replace(pair, latin)
        table = _GREEK
    elif script == "hy":
        low = low.replace("ու", "u").replace("և", "ev")
        table = _ARMENIAN
    else:
        table = _GEORGIAN
    out = "".join(table.get(c, c) for c in low)
    return "-".join(part[:1].upper() + part[1:] for part in out.split("-"))


KOREAN_FAMILY = (
    "Kim", "Lee", "Yi", "Park", "Pak", "Jung", "Jeong", "Kang", "Cho", "Jo", "Yoon", "Yun",
    "Jang", "Lim", "Han", "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong",
    "Jeon", "Ko", "Moon", "Yang", "Son", "Bae", "Baek", "Heo", "Nam", "Noh", "Ha", "Kwak",
)  # fmt: skip
KOREAN_SYLLABLES = (
    "Ji", "Min", "Seo", "Hyun", "Jun", "Woo", "Yeon", "Eun", "Hye", "Soo", "Young", "Jae",
    "Sung", "Dong", "Hee", "Joon", "Ha", "Yun", "Bin", "Ho", "Kyung", "Sang", "Tae", "Na",
    "Rin", "Won", "Jin", "Hwa", "Sook", "Chul", "Gyu", "Seung", "Da", "Ye", "Su", "Kyu",
)  # fmt: skip
ARABIC_GIVEN = (
    "Muhammad", "Mohamed", "Ahmed", "Ahmad", "Ali", "Omar", "Umar", "Khalid", "Hassan",
    "Youssef", "Ibrahim", "Mustafa", "Karim", "Samir", "Nabil", "Walid", "Faisal", "Bilal",
    "Hamza", "Zaid", "Mahmoud", "Jamal", "Rami", "Tarek", "Anas", "Majid", "Fatima", "Aisha",
    "Mariam", "Noor", "Layla", "Huda", "Rania", "Amal", "Salma", "Zainab", "Hanan", "Dina",
    "Rasha", "Yasmin", "Leila", "Samira", "Khadija", "Nadia", "Farah", "Lina", "Reem", "Sara",
    "Abdullah", "Abdul Rahman", "Abdelaziz", "Nour", "Ghada", "Maha", "Hiba", "Asma",
)  # fmt: skip
ARABIC_FAMILY = (
    "Al-Rashid", "Haddad", "Khoury", "Nasser", "Mansour", "Saleh", "Hamdan", "Abdallah",
    "Darwish", "Barakat", "Aziz", "Farouk", "El-Amin", "Shalabi", "Jaber", "Awad", "Mahmoud",
    "Suleiman", "Habib", "Al-Khatib", "Khalil", "Hamad", "El-Sayed", "Othman", "Karam",
    "Al-Hashimi", "Qasim", "Bakr", "Zaher", "Abu-Bakr", "Najjar", "Sabbagh", "Mourad",
    "Kassem", "Al-Tamimi", "Hijazi", "Rahman", "Siddiqui", "Qureshi", "Hosseini", "Karimi",
    "Ahmadi", "Mohammadi", "Jafari", "Rezaei", "Moradi", "Sadeghi", "Azizi", "Noori",
)  # fmt: skip
SOUTH_ASIAN_GIVEN = (
    "Arjun", "Rohan", "Vikram", "Suresh", "Ramesh", "Ganesh", "Karthik", "Pradeep", "Sanjay",
    "Deepak", "Harpreet", "Gurpreet", "Manpreet", "Jaspreet", "Navdeep", "Simran", "Priya",
    "Divya", "Kavitha", "Meenakshi", "Sunita", "Pooja", "Shreya", "Nisha", "Sandeep",
    "Anand", "Balaji", "Srinivas", "Gayathri", "Lalitha", "Parvathi", "Rukhsana", "Imran",
    "Farhan", "Nusrat", "Tahmina", "Rajesh", "Mahesh", "Dilshan", "Chathura", "Nirosha",
    "Tharindu", "Sanjeewa", "Bishnu", "Sabina", "Prakash",
)  # fmt: skip
SOUTH_ASIAN_FAMILY = (
    "Iyer", "Iyengar", "Pillai", "Nair", "Menon", "Reddy", "Naidu", "Krishnan", "Sharma",
    "Verma", "Gupta", "Patel", "Shah", "Joshi", "Kulkarni", "Banerjee", "Chatterjee",
    "Mukherjee", "Sandhu", "Dhillon", "Grewal", "Sidhu", "Bhattacharya", "Ramaswamy",
    "Balasubramanian", "Chandrasekaran", "Hossain", "Chowdhury", "Rahman", "Perera",
    "Fernando", "Jayasinghe", "Wickramasinghe", "Silva", "Thapa", "Gurung", "Shrestha",
    "Khan", "Malik", "Butt", "Ansari", "Das", "Bose", "Pandey", "Mishra", "Tiwari",
)  # fmt: skip
PACIFIC_GIVEN = (
    "Sione", "Tevita", "Mele", "Viliami", "Siosaia", "Salote", "Malia", "Semisi", "Epeli",
    "Litia", "Mereani", "Iosefa", "Pita", "Lagi", "Talia", "Manaia", "Tama", "Hine",
    "Ngaire", "Tane", "Moana", "Ariki", "Mereana", "Tamati", "Rangi", "Manaaki",
    "Kahurangi", "Anahera", "Nikau", "Tui", "Kiri", "Hohepa", "Ihaia", "Akanesi", "Vika",
    "Paea", "Fetu", "Sefa", "Tavita", "Luisa", "Iliesa", "Adi", "Makereta", "Sakiusa",
)  # fmt: skip
PACIFIC_FAMILY = (
    "Taufa", "Fifita", "Tuilagi", "Havili", "Latu", "Vaipulu", "Mafi", "Kata", "Naufahu",
    "Tuipulotu", "Fonua", "Ratu", "Naidoleca", "Waqa", "Tikoisuva", "Seru", "Qarase",
    "Nakarawa", "Tamihana", "Parata", "Te Rangi", "Horomona", "Te Whare", "Ngarimu",
    "Tawhiri", "Pomare", "Tuhoe", "Aumua", "Faleolo", "Leota", "Sapolu", "Lealaiauloto",
    "Fa'amausili", "Tuimavave", "Peni", "Vea", "Kioa", "Moala", "Ah Chong", "Afamasaga",
)  # fmt: skip
AFRICAN_GIVEN = (
    "Chinedu", "Ngozi", "Emeka", "Adaeze", "Kwame", "Akosua", "Yaw", "Abena", "Kofi", "Ama",
    "Tendai", "Tatenda", "Farai", "Nyasha", "Kagiso", "Palesa", "Bongani", "Nomvula",
    "Themba", "Zanele", "Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri", "Abebe", "Tsion",
    "Dawit", "Selam", "Hiwot", "Yonas", "Fatoumata", "Mamadou", "Aminata", "Ousmane",
    "Chiamaka", "Obinna", "Folake", "Tunde", "Bukola", "Nia", "Amani", "Deng", "Nyandeng",
    "Akol", "Ayen", "Garang", "Abdirahman", "Hodan", "Ayaan", "Farhia",
)  # fmt: skip
AFRICAN_FAMILY = (
    "Okafor", "Eze", "Nwosu", "Mensah", "Asante", "Boateng", "Owusu", "Moyo", "Dube",
    "Ncube", "Khumalo", "Zulu", "Mokoena", "Nkosi", "Kariuki", "Odhiambo", "Wanjala",
    "Tesfaye", "Bekele", "Haile", "Diallo", "Traoré", "Keita", "Konaté", "Abubakar", "Bello",
    "Okonkwo", "Adeyemi", "Ogunleye", "Chukwu", "Achebe", "Deng", "Garang", "Mayen", "Majok",
    "Warsame", "Farah", "Abdi", "Mohamud", "Nyirenda", "Banda", "Phiri", "Mutasa",
)  # fmt: skip
# First Nations family names common in the NT, WA and SA, and given names used in
# Aboriginal communities beside English ones.
FIRST_NATIONS_GIVEN = (
    "Kirra", "Jedda", "Yindi", "Alinta", "Mirri", "Marlee", "Tjarra", "Nungala", "Jandamarra",
    "Bindi", "Kulan", "Warrick", "Lowanna", "Tanisha", "Djalu", "Yarran", "Tarni", "Arlo",
)  # fmt: skip
FIRST_NATIONS_FAMILY = (
    "Yunupingu", "Marika", "Gumana", "Wununmurra", "Dhurrkay", "Gondarra", "Namatjira",
    "Tjapaltjarri", "Napaljarri", "Nakamarra", "Tjungurrayi", "Kngwarreye", "Japanangka",
    "Jupurrurla", "Mundine", "Goodes", "Pwerle", "Ngalkin", "Wanambi", "Garrawurra",
    "Bennell", "Yarran", "Roe", "Dodson", "Mansell", "Coe", "Hampton", "Torres",
)  # fmt: skip


def korean_given(rng: random.Random) -> str:
    """Two syllables, written ``Min-jun``, ``Minjun`` or ``Min Jun``."""
    a, b = rng.choice(KOREAN_SYLLABLES), rng.choice(KOREAN_SYLLABLES)
    r = rng.random()
    if r < 0.5:
        return f"{a}-{b.lower()}"
    if r < 0.8:
        return a + b.lower()
    return f"{a} {b}"


# (given list, family list, share written family-first)
POOLS = {
    "ko": (None, KOREAN_FAMILY, 0.5),
    "ar": (ARABIC_GIVEN, ARABIC_FAMILY, 0.0),
    "sa": (SOUTH_ASIAN_GIVEN, SOUTH_ASIAN_FAMILY, 0.05),
    "pac": (PACIFIC_GIVEN, PACIFIC_FAMILY, 0.0),
    "af": (AFRICAN_GIVEN, AFRICAN_FAMILY, 0.0),
    "fn": (FIRST_NATIONS_GIVEN, FIRST_NATIONS_FAMILY, 0.0),
}


# Address builders: layouts of countries the Faker locales do not write as people do.
_SG_STREETS = (
    "Ang Mo Kio Avenue", "Bedok North Street", "Tampines Street", "Jurong West Street",
    "Yishun Ring Road", "Toa Payoh Lorong", "Bukit Batok Street", "Woodlands Drive",
    "Hougang Avenue", "Sengkang East Way", "Pasir Ris Drive", "Choa Chu Kang Avenue",
)  # fmt: skip
_MY_WORDS = (
    "Ampang", "Bukit Bintang", "Tun Razak", "SS 15", "Damansara", "Kelang Lama", "Sultan Ismail",
    "Raja Chulan", "Pahang", "Ipoh", "Gasing", "Kuching", "Setia", "Bunga Raya", "Mawar",
)  # fmt: skip
_MY_TOWNS = (
    ("50450", "Kuala Lumpur"), ("47301", "Petaling Jaya"), ("40100", "Shah Alam"),
    ("10200", "George Town"), ("80000", "Johor Bahru"), ("93100", "Kuching"),
    ("88000", "Kota Kinabalu"), ("30000", "Ipoh"), ("43000", "Kajang"), ("81300", "Skudai"),
)  # fmt: skip
_HK = (
    ("Nathan Road", "Mong Kok"), ("King's Road", "North Point"), ("Hennessy Road", "Wan Chai"),
    ("Castle Peak Road", "Tsuen Wan"), ("Tai Po Road", "Sha Tin"), ("Queen's Road", "Central"),
    ("Pok Fu Lam Road", "Pok Fu Lam"), ("Shau Kei Wan Road", "Shau Kei Wan"),
)  # fmt: skip
_JP = (
    ("Minami-Aoyama", "Minato-ku", "Tokyo"), ("Jingumae", "Shibuya-ku", "Tokyo"),
    ("Umeda", "Kita-ku", "Osaka"), ("Sakae", "Naka-ku", "Nagoya"),
    ("Tenjin", "Chuo-ku", "Fukuoka"), ("Kita 5-jo Nishi", "Chuo-ku", "Sapporo"),
    ("Motomachi", "Naka-ku", "Yokohama"), ("Kawaramachi", "Shimogyo-ku", "Kyoto"),
)  # fmt: skip
_RURAL_AU = (
    ("Highway", ""), ("Road", ""), ("Creek Road", ""), ("Station Road", ""), ("Track", ""),
)
_AU_TOWNS = (
    ("Broome", "WA", "6725"), ("Katherine", "NT", "0850"), ("Tennant Creek", "NT", "0860"),
    ("Mildura", "VIC", "3500"), ("Dubbo", "NSW", "2830"), ("Longreach", "QLD", "4730"),
    ("Ceduna", "SA", "5690"), ("Port Hedland", "WA", "6721"), ("Bourke", "NSW", "2840"),
    ("Emerald", "QLD", "4720"), ("Smithton", "TAS", "7330"), ("Horsham", "VIC", "3400"),
)  # fmt: skip
_NZ_TOWNS = (
    ("Masterton", "5810"), ("Gisborne", "4071"), ("Kaikohe", "0472"), ("Te Kuiti", "3981"),
    ("Oamaru", "9492"), ("Dannevirke", "4978"), ("Wairoa", "4193"), ("Ashburton", "7774"),
)  # fmt: skip
_US_STATES = ("TX", "NM", "MT", "OH", "GA", "OR", "KY", "NE", "WA", "MN")
_IE_KEYS = ("D02", "D04", "D08", "D12", "D15", "T12", "H91", "V94", "A92", "F94", "R95", "X91")
_CA_PROVINCES = ("ON", "BC", "AB", "QC", "MB", "SK", "NS", "NB", "NL")


def _alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ACDEFHKNPRTVWXY0123456789") for _ in range(n))


def international_address(
    rng: random.Random, fake_gb, fake_ie, fake_ca, fake_us, fake_surname
) -> str:
    """An address in one of a dozen layouts: block and unit (#06-112), lot, Jalan,
    Hong Kong floor/flat, Japanese chome-ban-go, UK, Irish and Canadian postcodes,
    rural routes and delivery numbers."""
    kind = rng.randrange(16)
    n = rng.randint(1, 999)
    if kind >= 12:  # round 7: Brazil, Mexico, India, East and West Africa
        return _more_layouts(rng, kind, n, fake_surname)
    if kind == 0:  # Singapore HDB block
        unit = f"#{rng.randint(1, 25):02d}-{rng.randint(1, 1500)}"
        street = f"{rng.choice(_SG_STREETS)} {rng.randint(1, 12)}"
        block = rng.choice(("Blk", "Block", "Blk.", "BLK"))
        code = f"{rng.randint(10, 82):02d}{rng.randint(0, 9999):04d}"
        return rng.choice((
            f"{block} {n} {street}, {unit}, Singapore {code}",
            f"{block} {n} {street} {unit} Singapore {code}",
            f"{unit}, {block} {n} {street}, Singapore {code}",
            f"{n} {street}, {unit}, S({code})",
        ))
    if kind == 1:  # Malaysia
        code, town = rng.choice(_MY_TOWNS)
        road = f"Jalan {rng.choice(_MY_WORDS)}" + rng.choice(
            ("", f" {rng.randint(1, 20)}", f" {rng.randint(1, 9)}/{rng.randint(1, 30)}")
        )
        head = rng.choice((
            f"No. {n}", f"Lot {n}", f"{n}", f"No {n}",
            f"Unit {rng.randint(1, 30)}-{rng.randint(1, 12)}",
        ))
        return f"{head}, {road}, {code} {town}"
    if kind == 2:  # Hong Kong: no postcode
        road, district = rng.choice(_HK)
        flat = f"Flat {rng.choice('ABCDEFGH')}, {rng.randint(1, 40)}/F"
        return rng.choice((
            f"{flat}, {n} {road}, {district}",
            f"{flat}, Block {rng.randint(1, 9)}, {n} {road}, {district}",
        ))
    if kind == 3:  # Japan, romanised
        area, ward, city = rng.choice(_JP)
        code = f"{rng.randint(100, 999)}-{rng.randint(0, 9999):04d}"
        chome = f"{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"
        return f"{chome} {area}, {ward}, {city} {code}"
    if kind == 4:  # UK with postcode
        lead = rng.choice((
            "", f"Flat {rng.randint(1, 12)}, ", f"Flat {rng.randint(0, 4)}/{rng.randint(1, 3)}, ",
            f"{rng.randint(1, 9)}{rng.choice('ABC')} ",
        ))
        return f"{lead}{n} {fake_gb.street_name()}, {fake_gb.city()} {fake_gb.postcode()}"
    if kind == 5:  # Ireland with Eircode
        street, town = fake_ie.street_name(), fake_ie.city()
        return f"{n} {street}, {town}, {rng.choice(_IE_KEYS)} {_alnum(rng, 4)}"
    if kind == 6:  # Canada
        unit = rng.choice(("", f"Unit {rng.randint(1, 900)}, ", f"{rng.randint(100, 2500)}-"))
        street, town = fake_ca.street_name(), fake_ca.city()
        return f"{unit}{n} {street}, {town}, {rng.choice(_CA_PROVINCES)} {fake_ca.postcode()}"
    if kind == 7:  # US, with apartment or rural route
        state = rng.choice(_US_STATES)
        zip_ = f"{rng.randint(10000, 99999)}"
        return rng.choice((
            f"Apt {rng.randint(1, 30)}{rng.choice('ABCD')}, {n} {fake_us.street_name()}, "
            f"{fake_us.city()}, {state} {zip_}",
            f"{rng.randint(100, 9999)} County Road {rng.randint(1, 400)}, "
            f"{fake_us.city()}, {state} {zip_}",
            f"{n} {fake_us.street_name()} #{rng.randint(1, 400)}, {fake_us.city()}, {state} {zip_}",
            f"RR {rng.randint(1, 9)} Box {rng.randint(1, 300)}, {fake_us.city()}, {state} {zip_}",
        ))
    if kind in (8, 9):  # rural Australia: lots and highways
        town, state, code = rng.choice(_AU_TOWNS)
        road = f"{fake_surname()} {rng.choice(_RURAL_AU)[0]}"
        return rng.choice((
            f"Lot {n} {road}, {town} {state} {code}",
            f"Lot {n}, {road}, {town} {state} {code}",
            f"{rng.randint(100, 9999)} {road}, {town} {state} {code}",
            f"{rng.randint(100, 9999)} {road}, via {town} {state} {code}",
        ))
    if kind == 10:  # rural NZ
        town, code = rng.choice(_NZ_TOWNS)
        number, road = rng.randint(100, 4000), fake_surname()
        return f"{number} {road} Road, RD {rng.randint(1, 9)}, {town} {code}"
    # South Africa
    street, suburb = fake_surname(), fake_surname()
    suburb += " " + rng.choice(("Park", "Ext 2", "Heights", "West"))
    city = rng.choice(("Durban", "Pretoria", "Polokwane", "Gqeberha", "Soweto"))
    return f"{n} {street} Street, {suburb}, {city} {rng.randint(1000, 9999)}"


_BR_CITIES = (("São Paulo", "SP"), ("Rio de Janeiro", "RJ"), ("Belo Horizonte", "MG"),
              ("Curitiba", "PR"), ("Salvador", "BA"), ("Recife", "PE"), ("Porto Alegre", "RS"))
_MX_PLACES = (("Ciudad de México", "CDMX"), ("Guadalajara", "Jalisco"), ("Monterrey", "NL"),
              ("Puebla", "Puebla"), ("Mérida", "Yucatán"), ("Tijuana", "Baja California"))
_IN_AREAS = (
    ("Vasant Vihar", "New Delhi"), ("Lajpat Nagar", "New Delhi"), ("Indiranagar", "Bengaluru"),
    ("Koramangala", "Bengaluru"), ("Anna Nagar", "Chennai"), ("Andheri East", "Mumbai"),
    ("Salt Lake", "Kolkata"), ("Banjara Hills", "Hyderabad"), ("Kothrud", "Pune"),
    ("Navrangpura", "Ahmedabad"), ("Gomti Nagar", "Lucknow"), ("Sector 15", "Noida"),
)  # fmt: skip
_AFRICA_CITIES = (("Nairobi", "00100"), ("Mombasa", "80100"), ("Kisumu", "40100"),
                  ("Kampala", ""), ("Lagos", ""), ("Accra", ""), ("Dar es Salaam", ""))


def _more_layouts(rng: random.Random, kind: int, n: int, fake_surname) -> str:
    """Round 7's layouts: Brazilian (street, number, apartment, neighbourhood, city -
    state, CEP), Mexican (street and number, colonia, postcode, city, state), Indian
    (house and block, area, city and PIN) and East and West African postal boxes."""
    if kind == 12:
        city, uf = rng.choice(_BR_CITIES)
        street = f"{rng.choice(('Rua', 'Avenida', 'Av.', 'Travessa', 'Alameda'))} {fake_surname()}"
        apt = rng.choice(("", f", apto {rng.randint(1, 200)}", f", ap. {rng.randint(1, 90)}",
                          f", casa {rng.randint(1, 9)}"))
        cep = f"{rng.randint(1000, 99999):05d}-{rng.randint(0, 999):03d}"
        return f"{street}, {rng.randint(1, 3000)}{apt}, {fake_surname()}, {city} - {uf}, {cep}"
    if kind == 13:
        city, state = rng.choice(_MX_PLACES)
        street = f"{rng.choice(('Av.', 'Calle', 'Calzada', 'Blvd.', 'Avenida'))} {fake_surname()}"
        colonia = f"Col. {rng.choice(('', 'Lomas de ', 'San ', 'Villa '))}{fake_surname()}"
        code = f"{rng.randint(1000, 99999):05d}"
        inner = rng.choice(("", f" Int. {rng.randint(1, 20)}", f" Depto. {rng.randint(1, 40)}"))
        return f"{street} {rng.randint(1, 4000)}{inner}, {colonia}, {code} {city}, {state}"
    if kind == 14:
        area, city = rng.choice(_IN_AREAS)
        pin = f"{rng.randint(110, 855)}{rng.randint(0, 999):03d}"
        head = rng.choice((
            f"{rng.choice('ABCDEFGHJK')}-{n}", f"Flat {rng.randint(101, 1204)}, {fake_surname()} "
            f"Apartments", f"H.No. {rng.randint(1, 40)}-{rng.randint(1, 99)}", f"{n}, "
            f"{rng.randint(1, 30)}th Cross",
        ))
        return f"{head}, {area}, {city} {rng.choice(('', '- '))}{pin}"
    city, code = rng.choice(_AFRICA_CITIES)
    box = f"P.O. Box {rng.randint(10, 99999)}" + (f"-{code}" if code and rng.random() < 0.5 else "")
    return rng.choice((f"{box}, {city}", f"{n} {fake_surname()} Road, {box}, {city}"))


# Round 7 negatives (docs/redaction.md, "Round 7"): capitalised words that are no name,
# in the contexts where the round-6 model took them for one. Places written alone
# (suburbs, towns, cities: after "to", "from", "in", before "office" or "branch").
PLACES = (
    "Blacktown", "Parramatta", "Liverpool", "Penrith", "Campbelltown", "Bankstown", "Auburn",
    "Lakemba", "Footscray", "Sunshine", "Dandenong", "Frankston", "Broadmeadows", "Werribee",
    "Ipswich", "Logan", "Toowoomba", "Rockhampton", "Bundaberg", "Gladstone", "Elizabeth",
    "Salisbury", "Mandurah", "Joondalup", "Armadale", "Launceston", "Devonport", "Wagga Wagga",
    "Tamworth", "Lismore", "Orange", "Albury", "Shepparton", "Warrnambool", "Mount Isa",
    "Kalgoorlie", "Geraldton", "Yirrkala", "Wadeye", "Maningrida", "Yuendumu", "Tumut",
    "Moree", "Walgett", "Coober Pedy", "Port Augusta", "Whyalla", "Nowra", "Goulburn",
    "Rotorua", "Hamilton", "Tauranga", "Whangārei", "Porirua", "Invercargill", "Nadi",
    "Lautoka", "Nuku'alofa", "Port Moresby", "Honiara", "Kigali", "Kampala", "Addis Ababa",
    "Accra", "Kumasi", "Abuja", "Ibadan", "Mogadishu", "Khartoum", "Juba", "Harare", "Lusaka",
    "Durban", "Cape Town", "Denpasar", "Surabaya", "Bandung", "Kuala Lumpur", "Penang",
    "Cebu", "Davao", "Ho Chi Minh City", "Da Nang", "Phnom Penh", "Chiang Mai", "Yangon",
    "Kathmandu", "Chennai", "Kolkata", "Hyderabad", "Lahore", "Islamabad", "Kandy", "Jaffna",
    "Shenzhen", "Guangzhou", "Chengdu", "Busan", "Osaka", "Taipei", "Kaohsiung", "Baghdad",
    "Erbil", "Aleppo", "Damascus", "Amman", "Mashhad", "Herat", "Izmir", "Ankara", "Thessaloniki",
    "Naples", "Palermo", "Kraków", "Gdańsk", "Lviv", "Kharkiv", "Odesa", "Leeds", "Glasgow",
    "Cardiff", "Belfast", "Cork", "Galway", "Lyon", "Marseille", "Hamburg", "Munich",
    "Rotterdam", "Utrecht", "Porto", "Seville", "Valencia", "Bogotá", "Medellín", "Lima",
    "Santiago", "Guadalajara", "Monterrey", "São Paulo", "Recife", "Montreal", "Calgary",
)  # fmt: skip
# Real towns of Faker locales whose city() gives real names (the English ones compose
# names from people's: "East Jonathan"), for places alone.
PLACE_LOCALES = (
    "de_DE", "es_ES", "pl_PL", "en_IN", "id_ID", "sv_SE", "fi_FI", "cs_CZ", "hu_HU", "da_DK",
)
# Companies, products and services, capitalised and no person.
BRANDS = (
    "Qantas", "Virgin", "Jetstar", "Garuda", "Emirates", "Telstra", "Optus", "Vodafone",
    "Airtel", "Safaricom", "Woolworths", "Coles", "Aldi", "Bunnings", "Kmart", "Target",
    "Officeworks", "Priceline", "Lowes", "Myer", "Canva", "Atlassian", "Jira", "Asana",
    "Slack", "Xero", "MYOB", "Salesforce", "HubSpot", "Zendesk", "Stripe", "Paystack",
    "PayPal", "Afterpay", "Uber", "Uber Eats", "DoorDash", "Deliveroo", "Menulog", "Grab",
    "Gojek", "Shopee", "Lazada", "Amazon", "eBay", "Etsy", "Google", "Gmail", "Outlook",
    "Teams", "Zoom", "WhatsApp", "Viber", "WeChat", "Instagram", "Facebook", "TikTok",
    "Netflix", "Spotify", "Samsung", "Huawei", "Xiaomi", "Toyota", "Hyundai", "Medibank",
    "Bupa", "HCF", "NIB", "Allianz", "Suncorp", "AAMI", "Westpac", "ANZ", "NAB",
    "Commonwealth Bank", "Centrelink", "Services Australia", "Australia Post", "StarTrack",
    "DHL", "FedEx", "Sendle", "Linkt", "Opal", "Myki",
    # health and community services
    "Beyond Blue", "Headspace", "Lifeline", "Uniting", "Anglicare", "Mission Australia",
    "Life Without Barriers", "Mercy Health", "Calvary", "Baptcare", "Benetas", "Bolton Clarke",
    "Carers Victoria", "Black Dog Institute", "Hearing Australia", "Vision Australia",
    "Dementia Australia", "Relationships Australia", "Foodbank", "OzHarvest", "Vinnies",
)  # fmt: skip
# Brand-name medicines and supplements (round 7, beside train.DRUGS).
MORE_DRUGS = (
    "Stemetil", "Clexane", "Maxolon", "Ondansetron", "Panadeine", "Nurofen", "Voltaren",
    "Ensure Plus", "Sustagen", "Fortisip", "Resource", "Duphalac", "Senokot", "Endep",
    "Neulactil", "Risperdal", "Zyprexa", "Avanza", "Cymbalta", "Pristiq", "Concerta", "Ritalin",
    "Ventolin", "Flixotide", "Atrovent", "Durogesic", "Palexia", "Buscopan", "Gaviscon",
)  # fmt: skip
# Holidays, feasts and seasons, capitalised.
EVENTS = (
    "Easter", "Christmas", "Boxing Day", "Anzac Day", "Australia Day", "Waitangi Day",
    "Matariki", "NAIDOC Week", "Ramadan", "Eid", "Eid al-Adha", "Diwali", "Holi", "Vesak",
    "Lunar New Year", "Chuseok", "Tết", "Songkran", "Nowruz", "Hanukkah", "Passover",
    "Yom Kippur", "Rosh Hashanah", "Thanksgiving", "Halloween", "Lent", "Pentecost",
    "Black Friday", "Mother's Day", "Father's Day", "Orthodox Easter", "Mass", "Sabbath",
)  # fmt: skip
# Capitalised ordinary words that open a line in notes, mail and forms.
OPENERS = (
    "Enjoys", "Speaks", "Denies", "Reports", "Tolerating", "Attends", "Prefers", "Requests",
    "Declines", "Agrees", "Awaiting", "Invoices", "Attendees", "Apologies", "Pickup",
    "Drop-off", "Insurer", "Bulk", "Billing", "Parent", "Guardian", "Tenant", "Customer",
    "Guest", "Applicant", "Reply", "Dietitian", "Respiratory", "Cardiology", "Renal",
    "Oncology", "Palliative", "Paediatrics", "Maternity", "Physio", "Pharmacy", "Dispatch",
    "Shipping", "Delivery", "Refunds", "Payroll", "Rostering", "Procurement", "Reception",
    "Housekeeping", "Maintenance", "Security", "Catering", "Transport", "Hope", "Mark",
    "Rose", "Will", "May", "Grace", "Frank", "Bill", "Sunny", "Iris", "Amber", "Summer",
    "Dawn", "Faith", "Joy", "Ivy", "Holly", "Penny", "Pat", "Guy", "Jay", "Sage", "Olive",
)  # fmt: skip
# Words after which an opener above is an ordinary word ("Hope to", "Mark as read").
OPENER_TAILS = (
    "to", "as", "by", "on", "in", "for", "with", "and", "at", "from", "of", "is", "was",
)
# Lower-case words that follow "is" or "and" in notes and mail: not chat names.
PREDICATES = (
    "vegetarian", "vegan", "diabetic", "asthmatic", "broken", "closed", "asleep", "awake",
    "stable", "ready", "overdue", "pending", "booked", "cancelled", "unwell", "fasting",
    "reopen", "resume", "review", "restart", "confirm", "follow", "improving", "settled",
    "afebrile", "ambulant", "independent", "incontinent", "agitated", "teary", "anxious",
    "confused", "drowsy", "nauseous", "down", "offline", "unavailable", "late", "away",
)  # fmt: skip
# Words that lead a delivery or an address in other languages (Spanish, Portuguese,
# French, Italian, German, Dutch, Polish, Indonesian).
ADDRESS_LEADS = (
    "Entrega en", "Envío a", "Enviar a", "Entregar em", "Envio para", "Livraison au",
    "Livrer au", "Consegna in", "Spedire a", "Lieferung an", "Lieferadresse:", "Bezorgen bij",
    "Bezorgadres:", "Dostawa na", "Adres:", "Kirim ke", "Alamat:", "Dirección:", "Endereço:",
    "Adresse :", "Indirizzo:", "Anschrift:",
)  # fmt: skip
