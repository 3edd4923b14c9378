"""A second generator of test persons, built from the naming conventions (evaluation only).

`synthetic.py` writes one person through the engine's own romanisations (tetrak-translit and
the Russian forms of `build_names`), so an engine tuned on it learns that generator. This one
shares none of that code: it renders names through its own small tables, written from how the
names are used (Armenian passports, diaspora spellings, Russian-mediated forms in Cyrillic and
their Latin transliteration, phone typing; Azerbaijani Latin, its Soviet Cyrillic, the Russian
forms and plain ASCII), and it builds persons in households, so that the hardest non-matches
are there: siblings born a few years apart, parents and children sharing the family name and
the father's name, wives with their husband's family name, boys named after their
grandfather, namesakes. Every record is rendered independently, with typos, diminutives, ages
instead of dates and missing fields.

Names come from Faker's hy_AM and az_AZ lists (real name lists, no real persons), drawn with a
skew so that common names repeat as they do in life.

`HELD_OUT` is the evaluation set: never used to choose weights, levels or thresholds.
`TUNING` (another seed) is the only one of this generator that may be looked at while tuning.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from itertools import accumulate

from stranded.tracing.matching.records import Record

AS_OF = date(2023, 10, 1)


@dataclass(frozen=True)
class Config:
    seed: int
    shared: int = 1_500  # persons on both lists
    only: int = 500  # persons on one list only, per list (mostly relatives of shared ones)


HELD_OUT = Config(seed=90_217)
TUNING = Config(seed=4_242)

# Armenian letters in three conventions: passport (Eastern, as Armenian passports and most
# English texts write them), diaspora (Western: p/b, k/g, t/d swapped, -ian) and Russian.
_PASSPORT = {
    "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "y", "թ": "t",
    "ժ": "zh", "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h", "ձ": "dz",
    "ղ": "gh", "ճ": "ch", "մ": "m", "յ": "y", "ն": "n", "շ": "sh", "ո": "o", "չ": "ch",
    "պ": "p", "ջ": "j", "ռ": "r", "ս": "s", "վ": "v", "տ": "t", "ր": "r", "ց": "ts", "ւ": "v",
    "փ": "p", "ք": "k", "օ": "o", "ֆ": "f", "և": "ev",
}  # fmt: skip
_DIASPORA = {
    **_PASSPORT, "բ": "p", "պ": "b", "գ": "k", "կ": "g", "դ": "t", "տ": "d", "ճ": "j",
    "ջ": "ch", "ծ": "dz", "ձ": "ts", "ը": "e",
}  # fmt: skip
_RUSSIAN = {
    "ա": "а", "բ": "б", "գ": "г", "դ": "д", "ե": "е", "զ": "з", "է": "э", "ը": "ы", "թ": "т",
    "ժ": "ж", "ի": "и", "լ": "л", "խ": "х", "ծ": "ц", "կ": "к", "հ": "г", "ձ": "дз",
    "ղ": "г", "ճ": "ч", "մ": "м", "յ": "й", "ն": "н", "շ": "ш", "ո": "о", "չ": "ч", "պ": "п",
    "ջ": "дж", "ռ": "р", "ս": "с", "վ": "в", "տ": "т", "ր": "р", "ց": "ц", "ւ": "в", "փ": "п",
    "ք": "к", "օ": "о", "ֆ": "ф", "և": "ев",
}  # fmt: skip
# The Russian forms that usage fixed and no letter rule gives.
_RUSSIAN_USAGE = {
    "Հովհաննիսյան": ("Оганесян", "Ованесян", "Оганнисян"), "Հարությունյան": ("Арутюнян",),
    "Հակոբյան": ("Акопян", "Акобян"), "Ղազարյան": ("Казарян", "Газарян"),
    "Ղուկասյան": ("Гукасян", "Гукасьян"), "Սարգսյան": ("Саркисян", "Саргсян"),
    "Խաչատրյան": ("Хачатрян", "Хачатурян"), "Հայրապետյան": ("Айрапетян", "Гайрапетян"),
    "Գևորգյան": ("Геворкян", "Геворгян"), "Պողոսյան": ("Погосян", "Погосьян"),
    "Հովսեփյան": ("Овсепян",), "Եղիազարյան": ("Егиазарян",), "Բաղդասարյան": ("Багдасарян",),
    "Հովհաննես": ("Ованес", "Оганес", "Иван"), "Գևորգ": ("Геворк", "Георгий"),
    "Սարգիս": ("Саркис",), "Հարություն": ("Арутюн",), "Խաչատուր": ("Хачатур",),
    "Հակոբ": ("Акоп", "Акоб"), "Ղազար": ("Казар",), "Անահիտ": ("Анаит",),
    "Հասմիկ": ("Асмик",), "Գոհար": ("Гоар",), "Հռիփսիմե": ("Рипсиме",),
    "Մարիամ": ("Мариам", "Мария"), "Միքայել": ("Микаел", "Михаил"),
    "Գրիգոր": ("Григор", "Григорий"), "Ալեքսանդր": ("Александр",), "Հայկ": ("Айк", "Гайк"),
    "Հրանտ": ("Грант",), "Հմայակ": ("Амаяк",), "Հովիկ": ("Овик",),
}  # fmt: skip
# Diminutives relatives use at home.
_DIMINUTIVES = {
    "Հովհաննես": ("Vano", "Ovik", "Hovo", "Ваня"), "Ալեքսանդր": ("Sasha", "Саша", "Sashik"),
    "Գևորգ": ("Gevo", "Жора"), "Միքայել": ("Misha", "Миша"), "Գրիգոր": ("Grisha", "Гриша"),
    "Կարեն": ("Karo",), "Սուրեն": ("Suro", "Surik"), "Խաչատուր": ("Khacho", "Хачик"),
    "Վարդան": ("Vardo",), "Մկրտիչ": ("Mko",), "Սարգիս": ("Sako", "Сако"),
    "Մարիամ": ("Maro", "Маша"), "Հռիփսիմե": ("Ripsik",), "Ալեքսանդրա": ("Sasha", "Саша"),
    "Մարգարիտա": ("Rita", "Рита"), "Լուսինե": ("Lusik",), "Աննա": ("Anya", "Аня"),
    "Ելենա": ("Lena", "Лена"), "Տաթևիկ": ("Tatev",), "Արտուր": ("Arturik",),
    "Səbinə": ("Sabina",), "Rəşid": ("Rashid",), "Məmməd": ("Mamed", "Мамед"),
}  # fmt: skip
_AZ_SOVIET = {
    "a": "а", "b": "б", "c": "ҹ", "ç": "ч", "d": "д", "e": "е", "ə": "ә", "f": "ф", "g": "ҝ",
    "ğ": "ғ", "h": "һ", "x": "х", "ı": "ы", "i": "и", "j": "ж", "k": "к", "q": "г", "l": "л",
    "m": "м", "n": "н", "o": "о", "ö": "ө", "p": "п", "r": "р", "s": "с", "ş": "ш", "t": "т",
    "u": "у", "ü": "ү", "v": "в", "y": "ј", "z": "з",
}  # fmt: skip
_AZ_RUSSIAN = {
    **_AZ_SOVIET, "c": "дж", "ə": "а", "g": "г", "ğ": "г", "h": "г", "q": "г", "ö": "ё",
    "ü": "ю", "y": "й",
}  # fmt: skip
_AZ_RUSSIAN_USAGE = {
    "Məmmədov": ("Мамедов",), "Hüseynov": ("Гусейнов",), "Əliyev": ("Алиев",),
    "Həsənov": ("Гасанов",), "Hacıyev": ("Гаджиев",), "Quliyev": ("Кулиев",),
    "Cəfərov": ("Джафаров",), "Qasımov": ("Касумов", "Гасымов"), "Vəliyev": ("Велиев",),
    "Kərimov": ("Керимов",), "Əhmədov": ("Ахмедов",), "İsmayılov": ("Исмаилов",),
    "Məmməd": ("Мамед",), "Əli": ("Али",), "Hüseyn": ("Гусейн",), "Həsən": ("Гасан",),
}  # fmt: skip
_AZ_ASCII = (
    {"ə": "a", "ş": "sh", "ç": "ch", "ğ": "gh", "ı": "i", "ö": "o", "ü": "u", "x": "kh"},
    {"ə": "e", "ş": "s", "ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ü": "u", "x": "x", "q": "g"},
)
_CYRILLIC_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ы": "y", "э": "e", "ю": "yu", "я": "ya", "ь": "", "ъ": "",
}  # fmt: skip
PLACES = (
    ("Ստեփանակերտ", "Stepanakert", "Степанакерт", "Khankendi", "Xankəndi"),
    ("Շուշի", "Shushi", "Шуша", "Shusha", "Şuşa"),
    ("Մարտակերտ", "Martakert", "Мартакерт", "Aghdara", "Ağdərə"),
    ("Մարտունի", "Martuni", "Мартуни", "Khojavend", "Xocavənd"),
    ("Ասկերան", "Askeran", "Аскеран", "Askeran", "Əsgəran"),
    ("Հադրութ", "Hadrut", "Гадрут", "Hadrut", "Hadrut"),
    ("Կարմիր Շուկա", "Karmir Shuka", "Кармир Шука", "Khalfali", "Xəlfəli"),
    ("Թաղավարդ", "Taghavard", "Тагавард", "Taghavard", "Tağavard"),
)  # fmt: skip
STREETS = (
    "Tigran Mets",
    "Azatamartikneri",
    "Nzhdeh",
    "Heratsi",
    "Vazgen Sargsyan",
    "Lenin",
    "Stepan Shahumyan",
    "Getashen",
    "Mashtots",
    "Nairi",
)


@dataclass
class Person:
    key: str
    culture: str  # "hy" or "az"
    given: str  # in its own script (Armenian, or Azerbaijani Latin)
    family: str
    father: str
    sex: str
    born: date
    place: int
    address: str
    household: int
    relatives: list[str] = field(default_factory=list)


class _Names:
    """Faker's lists with a skew: the first names drawn are the common ones of this run."""

    def __init__(self, rng: random.Random) -> None:
        from faker.providers.person.az_AZ import Provider as Az
        from faker.providers.person.hy_AM import Provider as Hy

        self.rng = rng
        self.lists = {
            ("hy", "male"): _shuffled(Hy.first_names_male, rng),
            ("hy", "female"): _shuffled(Hy.first_names_female, rng),
            ("hy", "family"): _shuffled(Hy.last_names, rng),
            ("az", "male"): _shuffled(Az.first_names_male, rng),
            ("az", "female"): _shuffled(Az.first_names_female, rng),
            ("az", "family"): _shuffled(
                [n for n in Az.last_names_male if n.endswith(("ov", "ev", "yev"))], rng
            ),
        }
        self.weights: dict[int, list[float]] = {}
        for name in _RUSSIAN_USAGE:  # the names everyone knows are common
            kind = "family" if name.endswith("յան") else None
            if kind:
                self.lists[("hy", kind)].insert(0, name)

    def draw(self, culture: str, kind: str) -> str:
        names = self.lists[(culture, kind)]
        # Zipf-like (weight 1 / (rank + 5)): the commonest names carry a few per cent of the
        # population each, so namesakes happen as they do in life.
        weights = self.weights.setdefault(
            len(names), list(accumulate(1 / (r + 5) for r in range(len(names))))
        )
        return self.rng.choices(names, cum_weights=weights)[0]


def _shuffled(names: tuple[str, ...] | list[str], rng: random.Random) -> list[str]:
    ordered = sorted(set(names))
    rng.shuffle(ordered)
    return ordered


def households(count: int, rng: random.Random) -> list[Person]:
    names = _Names(rng)
    people: list[Person] = []
    for number in range(count):
        people += _household(number, names, rng)
    return people


def _household(number: int, names: _Names, rng: random.Random) -> list[Person]:
    culture = "hy" if rng.random() < 0.75 else "az"
    family = names.draw(culture, "family")
    place = rng.randrange(len(PLACES))
    address = f"{rng.choice(STREETS)} {rng.randint(1, 90)}"
    grandfather_name = names.draw(culture, "male")
    grandfather_born = _date(rng, rng.randint(1925, 1955))
    father_born = _date(rng, grandfather_born.year + rng.randint(21, 38))
    father_given = names.draw(culture, "male")
    member = partial(Person, culture=culture, place=place, address=address, household=number)
    father = member(
        f"h{number}f",
        given=father_given,
        family=family,
        father=grandfather_name,
        sex="male",
        born=father_born,
    )
    grandfather = member(
        f"h{number}g",
        given=grandfather_name,
        family=family,
        sex="male",
        father=names.draw(culture, "male"),
        born=grandfather_born,
    )
    mother = member(
        f"h{number}m",
        given=names.draw(culture, "female"),
        family=family,
        sex="female",
        father=names.draw(culture, "male"),
        born=_date(rng, father_born.year + rng.randint(-6, 3)),
    )
    members = [grandfather, father, mother]
    born = mother.born.year + rng.randint(19, 27)
    for child in range(rng.choice((1, 2, 2, 3, 3, 4))):
        if born > 2020:
            break
        sex = rng.choice(("male", "female"))
        given = names.draw(culture, sex)
        if child == 0 and sex == "male" and rng.random() < 0.6:
            given = grandfather_name  # the eldest son carries his grandfather's name
        child_born = _date(rng, born)
        members.append(
            member(
                f"h{number}c{child}",
                given=given,
                family=family,
                father=father_given,
                sex=sex,
                born=child_born,
            )
        )
        born += rng.randint(1, 6)
    for person in members:
        person.relatives = [m.key for m in members if m is not person]
    return members


def _date(rng: random.Random, year: int) -> date:
    return date(year, rng.randint(1, 12), rng.randint(1, 28))


def namesake(person: Person, stranger: Person, key: str, rng: random.Random) -> Person:
    """Another person with the same given and family name, of `stranger`'s family otherwise."""
    gap = rng.choice((-1, 1)) * rng.randint(1, 30)
    born = _date(rng, min(2020, max(1925, person.born.year + gap)))
    return replace(
        stranger,
        key=key,
        given=person.given,
        family=person.family,
        culture=person.culture,
        sex=person.sex,
        born=born,
        household=-1,
        relatives=[],
    )


# --- rendering -------------------------------------------------------------------------------


def armenian_latin(text: str, table: dict[str, str], *, western: bool = False) -> str:
    word = text.lower()
    out = []
    for position, letter in enumerate(word):
        if letter == "ւ" and position and word[position - 1] == "ո":
            continue
        if letter == "ո" and position + 1 < len(word) and word[position + 1] == "ւ":
            out.append("ou" if western else "u")
        elif position == 0 and letter == "ե":
            out.append("ye")
        elif position == 0 and letter == "ո":
            out.append("vo")
        else:
            out.append(table.get(letter, letter))
    latin = "".join(out)
    if western and latin.endswith("yan"):
        latin = latin[:-3] + "ian"
    return latin.capitalize()


def armenian_russian(text: str, rng: random.Random) -> str:
    if text in _RUSSIAN_USAGE and rng.random() < 0.8:
        return rng.choice(_RUSSIAN_USAGE[text])
    word = text.lower().replace("ու", "у").replace("յա", "я").replace("յու", "ю")
    if word.startswith("հով"):
        word = "ов" + word[3:].replace("հ", "", 1)
    elif word.startswith("հ") and rng.random() < 0.6:
        word = word[1:]
    elif word.startswith("ե"):
        word = "е" + word[1:]
    russian = "".join(_RUSSIAN.get(letter, letter) for letter in word)
    return russian.capitalize()


def cyrillic_latin(text: str, rng: random.Random) -> str:
    out = "".join(_CYRILLIC_LATIN.get(ch, ch) for ch in text.lower())
    if rng.random() < 0.3:
        out = out.replace("kh", "h").replace("ya", "ia")
    return out.capitalize()


def azerbaijani(text: str, style: str, rng: random.Random) -> str:
    lower = text.replace("İ", "i").replace("I", "ı").lower()
    if style == "native":
        return text
    if style == "soviet":
        return "".join(_AZ_SOVIET.get(ch, ch) for ch in lower).capitalize()
    if style in ("russian", "russian_latin"):
        base = _AZ_RUSSIAN_USAGE.get(_masculine(text))
        if base:
            russian = rng.choice(base) + ("а" if text.endswith("a") else "")
        else:
            russian = _az_russian_rule(lower)
        return russian if style == "russian" else cyrillic_latin(russian, rng)
    table = rng.choice(_AZ_ASCII)
    return "".join(table.get(ch, ch) for ch in lower).capitalize()


def _masculine(family: str) -> str:
    return family[:-1] if family.endswith(("ova", "eva")) else family


def _az_russian_rule(lower: str) -> str:
    for old, new in (("yev", "ев"), ("ye", "е"), ("ya", "я"), ("yu", "ю")):
        lower = lower.replace(old, new)
    if lower.startswith("q"):
        lower = "к" + lower[1:]
    return "".join(_AZ_RUSSIAN.get(ch, ch) for ch in lower).capitalize()


HY_STYLES = (
    ("armenian", 3),
    ("passport", 3),
    ("diaspora", 1),
    ("russian", 3),
    ("russian_latin", 2),
    ("phone", 1),
)
AZ_STYLES = (("native", 4), ("ascii", 2), ("russian", 3), ("russian_latin", 1), ("soviet", 1))


def render_name(text: str, culture: str, style: str, rng: random.Random) -> str:
    if culture == "az":
        return azerbaijani(text, style, rng)
    if style == "armenian":
        return text
    if style == "passport":
        return armenian_latin(text, _PASSPORT)
    if style == "diaspora":
        return armenian_latin(text, _DIASPORA, western=True)
    if style == "phone":
        return _phone(armenian_latin(text, _PASSPORT), rng)
    russian = armenian_russian(text, rng)
    return russian if style == "russian" else cyrillic_latin(russian, rng)


def _phone(text: str, rng: random.Random) -> str:
    for old, new in (("kh", "x"), ("gh", "x"), ("ts", "c"), ("yan", "ian"), ("zh", "j")):
        if rng.random() < 0.5:
            text = text.replace(old, new)
    return text.lower() if rng.random() < 0.3 else text


def typo(text: str, rng: random.Random) -> str:
    if len(text) < 4:
        return text
    letters = list(text)
    at = rng.randrange(1, len(letters) - 1)
    move = rng.choice(("swap", "drop", "double", "vowel"))
    if move == "swap":
        letters[at], letters[at + 1] = letters[at + 1], letters[at]
    elif move == "drop":
        del letters[at]
    elif move == "double":
        letters.insert(at, letters[at])
    elif letters[at].lower() in "aeiou":
        letters[at] = rng.choice([v for v in "aeiou" if v != letters[at].lower()])
    return "".join(letters)


def _style(culture: str, rng: random.Random) -> str:
    styles = HY_STYLES if culture == "hy" else AZ_STYLES
    return rng.choices([s for s, _ in styles], weights=[w for _, w in styles])[0]


def render(person: Person, record_id: str, rng: random.Random) -> Record:
    """One record of the person, as one informant, clerk or form would write it."""
    style = _style(person.culture, rng)
    given = render_name(person.given, person.culture, style, rng)
    if person.given in _DIMINUTIVES and rng.random() < 0.25:
        given = rng.choice(_DIMINUTIVES[person.given])
    family = render_name(_family_form(person), person.culture, style, rng)
    father = _father(person, style, rng)
    if rng.random() < 0.12:
        given = typo(given, rng)
    if rng.random() < 0.12:
        family = typo(family, rng)
    if rng.random() < 0.03:
        given, family = family, given
    place = PLACES[person.place]
    record = Record(
        id=record_id,
        given_name=given,
        family_name=family,
        father_name=father,
        sex=person.sex if rng.random() < 0.85 else "",
        place=rng.choice(place) if rng.random() < 0.8 else "",
        address=person.address if rng.random() < 0.5 else "",
    )
    return _birth(record, person.born, rng)


def _family_form(person: Person) -> str:
    """Azerbaijani family names in -ov/-ev take -a for women (Məmmədova)."""
    if person.culture == "az" and person.sex == "female" and person.family.endswith(("ov", "ev")):
        return person.family + "a"
    return person.family


def _father(person: Person, style: str, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.45:
        return ""
    name = render_name(person.father, person.culture, style, rng)
    if roll < 0.6 and style in ("russian", "russian_latin"):
        ending = "ович" if person.sex == "male" else "овна"
        if style == "russian_latin":
            ending = "ovich" if person.sex == "male" else "ovna"
        return name + ending
    if roll < 0.6 and person.culture == "az" and style in ("native", "ascii"):
        return f"{name} {'oğlu' if person.sex == 'male' else 'qızı'}"
    return name


def _birth(record: Record, born: date, rng: random.Random) -> Record:
    roll = rng.random()
    if roll < 0.45:
        text = born.isoformat()
        if rng.random() < 0.08:  # a slip of the keyboard in the date
            text = _date_slip(born, rng)
        return replace(record, birth_date=text)
    if roll < 0.62:
        return replace(record, birth_year=born.year)
    if roll < 0.85:
        age = AS_OF.year - born.year - (1 if (born.month, born.day) > (10, 1) else 0)
        error = rng.choice((0, 0, 0, -1, 1, -2, 2)) if age > 50 else rng.choice((0, 0, -1, 1))
        return replace(record, birth_year=AS_OF.year - age - error, birth_approximate=True)
    return record


def _date_slip(born: date, rng: random.Random) -> str:
    if born.day <= 12 and rng.random() < 0.5:
        return f"{born.year:04d}-{born.day:02d}-{born.month:02d}"  # day and month swapped
    day = min(28, max(1, born.day + rng.choice((-10, 10, -1, 1))))
    return f"{born.year:04d}-{born.month:02d}-{day:02d}"


def linked_lists(config: Config) -> tuple[list[Record], list[Record], set[tuple[str, str]]]:
    """Two lists: `shared` persons on both, `only` on each side alone, most of them relatives
    of someone shared (siblings, parents, grandfathers) and some namesakes of someone shared.
    Returns the lists and the true links."""
    rng = random.Random(config.seed)
    people = households(config.shared, rng)
    by_key = {p.key: p for p in people}
    shared = rng.sample(people, config.shared)
    chosen = {p.key for p in shared}
    lonely: list[Person] = []
    for person in shared:
        relatives = [by_key[k] for k in person.relatives if k not in chosen]
        if relatives and rng.random() < 0.7:
            pick = rng.choice(relatives)
            chosen.add(pick.key)
            lonely.append(pick)
        if len(lonely) >= 2 * config.only * 0.85:
            break
    while len(lonely) < 2 * config.only:
        stranger = rng.choice(people)
        lonely.append(namesake(rng.choice(shared), stranger, f"n{len(lonely)}", rng))
    rng.shuffle(lonely)
    left_only, right_only = lonely[: config.only], lonely[config.only : 2 * config.only]
    left = [render(p, f"L{p.key}", rng) for p in [*shared, *left_only]]
    right = [render(p, f"R{p.key}", rng) for p in [*shared, *right_only]]
    rng.shuffle(left)
    rng.shuffle(right)
    return left, right, {(f"L{p.key}", f"R{p.key}") for p in shared}
