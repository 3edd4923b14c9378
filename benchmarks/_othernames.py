"""A third cross-script set for `stranded bench matching`: a check of generality, never tuned on.

The method of `households.py` (households, relatives and namesakes as hard negatives, its own
rendering tables) with name lists written here from common Armenian and Azerbaijani names
instead of Faker's (some overlap, many names the engine's name lists lack), shorter lists (so
namesakes are more frequent than in either generator), and seeds of its own.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

from stranded.tracing.matching import households
from stranded.tracing.matching.records import Record

SEEDS = (7, 8)
NAMES = {
    ("hy", "male"): "Աբգար Ադամ Ազատ Ալեն Ամբակում Անդրանիկ Առաքել Ասատուր Արամայիս Արտավազդ "
    "Բաբկեն Բենիկ Գուրգեն Դերենիկ Եղիշե Զավեն Թաթուլ Թովմաս Լևոն Խորեն Կամո Հակոբ Հայրիկ Հմայակ "
    "Ղևոնդ Մանվել Մուշեղ Նշան Շահեն Ոսկան Պարույր Ջիվան Ռազմիկ Սամվել Սերոժ Վազգեն Վաչե Տիրան "
    "Քաջիկ Օնիկ",
    ("hy", "female"): "Ազնիվ Ալվարդ Անուշ Արաքսի Արուսյակ Գայանե Գոհար Դիանա Եվա Զարուհի Թագուհի "
    "Իննա Լալա Լիանա Խանում Կարինե Հասմիկ Հերմինե Մարո Նազելի Նունե Շողիկ Ռուզաննա Սաթենիկ Սոֆյա "
    "Վարդուհի Տաթևիկ Փիրուզ Քնարիկ Օվսաննա",
    ("hy", "family"): "Աբրահամյան Ագաջանյան Ալավերդյան Ամիրխանյան Անդրեասյան Առուստամյան Բաբայան "
    "Բարսեղյան Գալստյան Գասպարյան Գրիգորյան Դանիելյան Դավթյան Եսայան Զաքարյան Թադևոսյան "
    "Թովմասյան Իսահակյան Լալայան Խաչիկյան Կիրակոսյան Կոստանյան Հարությունյան Հովակիմյան "
    "Ղարիբյան Մաթևոսյան Միրզոյան Մկրտչյան Նալբանդյան Շահինյան Ոսկանյան Պապոյան Ջհանգիրյան "
    "Ռոստոմյան Սահակյան Սիմոնյան Վարդանյան Տոնոյան Փիլոսյան Քոչարյան Օհանյան Կարապետյան "
    "Հայրապետյան Գևորգյան Կևորկյան",
    ("az", "male"): "Abbas Adil Ağası Anar Arif Azər Bəhruz Cavid Cəlal Elçin Elxan Emin Fərhad "
    "Fikrət Hikmət İlqar İlham Kamran Mahir Nicat Orxan Pərviz Rafiq Ramil Rövşən Səməd Şahin "
    "Tural Vüqar Zaur",
    ("az", "female"): "Aynur Aytən Bahar Dilarə Elmira Esmira Fidan Gülnar Günel İradə Kəmalə Lalə "
    "Leyla Nərgiz Nigar Röya Sevinc Şəbnəm Türkan Ülviyyə Zümrüd",
    ("az", "family"): "Abbasov Ağayev Bağırov Cəbrayılov Əsədov Fərzəliyev Həsənov Hüseynov "
    "İbrahimov Kazımov Xəlilov Mehdiyev Muradov Nəcəfov Orucov Qafarov Quliyev Rəsulov Sadıqov "
    "Şükürov Talıbov Vəliyev Zeynalov Babayev Heydərov Hacıyev",
}


@contextmanager
def _these_names(lists: dict[tuple[str, str], str] | None = None) -> Iterator[None]:
    original = households._Names.__init__
    chosen = NAMES if lists is None else lists

    def names(self: households._Names, rng: households.random.Random) -> None:
        self.rng = rng
        self.lists = {key: households._shuffled(text.split(), rng) for key, text in chosen.items()}
        self.weights = {}

    households._Names.__init__ = names  # type: ignore[method-assign]
    try:
        yield
    finally:
        households._Names.__init__ = original  # type: ignore[method-assign]


def linked_lists(seed: int) -> tuple[list[Record], list[Record], set[tuple[str, str]]]:
    with _these_names():
        return households.linked_lists(households.Config(seed=seed))


# --- A fourth set: other renderings as well as other names ------------------------------------
#
# The households method again, but every record is written by rules of its own (none of them in
# the engine or in either generator): German and French romanisations of Armenian (Awetisjan,
# Haroutiounian), German and French transliterations of the Russian form (Chatschatrjan,
# Khatchatrian), passports in capitals, Azerbaijani in Turkish spelling (ə as e, x as h, q as g);
# other name lists again, and more birth dates missing. Never tuned on.

RENDERED_SEEDS = (11, 12)
OTHER_NAMES = {
    ("hy", "male"): "Ավետիս Արսեն Արթուր Բագրատ Գագիկ Գառնիկ Գեղամ Դավիթ Եղիազար Էդգար Էդուարդ "
    "Թադևոս Իշխան Լաերտ Խաչիկ Կարեն Կոմիտաս Հայկազ Հովսեփ Ղուկաս Մարտին Մհեր Ներսես Նորիկ "
    "Շավարշ Պողոս Ռոբերտ Ռուբեն Սարգիս Սերգեյ Սուրեն Վահագն Վարուժան Տարոն Տիգրան Փայլակ",
    ("hy", "female"): "Ալինա Աղավնի Անժելա Աստղիկ Արփինե Գոհարիկ Դավիթա Էլմիրա Զարինե Թամարա "
    "Լիլիթ Կարինա Հռիփսիմե Մանե Մարինե Մելանյա Նարինե Նելլի Ռիտա Սիրանուշ Սոնա Վերա Տաթև "
    "Քրիստինե Օֆելյա Անի Մերի Լուսինե",
    ("hy", "family"): "Ավետիսյան Արզումանյան Բաբաջանյան Գաբրիելյան Գալոյան Դալլաքյան "
    "Եղիազարյան Զոհրաբյան Թորոսյան Իգիթյան Խաչատրյան Ծատուրյան Կարախանյան Հարությունյան "
    "Հովհաննիսյան Ղազարյան Մանուկյան Մելքոնյան Մուրադյան Նազարյան Շահբազյան Չոբանյան "
    "Պետրոսյան Ջանոյան Ռշտունի Սարգսյան Սաֆարյան Վանեցյան Տեր-Պետրոսյան Փաշինյան "
    "Քալանթարյան Օհանջանյան Առաքելյան Ասատրյան Բեգլարյան",
    ("az", "male"): "Akif Aqil Araz Bahadur Cəmil Cavanşir Eldar Elnur Əkbər Fuad Hafiz Xəqani "
    "İlyas Kənan Qədir Məhəmməd Natiq Nurlan Oqtay Ruslan Samir Sənan Tofiq Vasif Yaşar Zakir",
    ("az", "female"): "Afət Aygün Bəsti Cəmilə Elnarə Firuzə Gülşən Xədicə İlahə Könül Mehriban "
    "Nailə Pərvanə Rəna Səbinə Şəlalə Təranə Ulduz Validə Zəhra",
    ("az", "family"): "Axundov Bayramov Cavadov Dadaşov Əhmədov Əlizadə Fətəliyev Hacıyev "
    "Xudiyev İsmayılov Kərimli Qasımov Məmmədov Nəsirov Paşayev Rzayev Səfərov Şirinov "
    "Tağıyev Usubov Yusifov Zülfüqarov Hümbətov",
}
_ARM_GERMAN = {
    **households._PASSPORT, "ե": "e", "զ": "s", "ժ": "sh", "խ": "ch", "ծ": "z", "ձ": "ds",
    "ճ": "tsch", "յ": "j", "շ": "sch", "չ": "tsch", "ջ": "dsch", "ս": "ss", "վ": "w",
    "ց": "z", "ւ": "w", "ը": "e",
}  # fmt: skip
_ARM_FRENCH = {
    **households._PASSPORT, "ժ": "j", "ճ": "tch", "շ": "ch", "չ": "tch", "ջ": "dj", "ց": "ts",
    "ծ": "dz", "ը": "e",
}  # fmt: skip
_CYR_GERMAN = {
    **households._CYRILLIC_LATIN, "в": "w", "ж": "sch", "з": "s", "й": "j", "х": "ch", "ц": "z",
    "ч": "tsch", "ш": "sch", "щ": "schtsch", "ю": "ju", "я": "ja", "ё": "jo", "е": "e",
}  # fmt: skip
_CYR_FRENCH = {
    **households._CYRILLIC_LATIN, "ж": "j", "х": "kh", "ц": "ts", "ч": "tch", "ш": "ch",
    "у": "ou", "ю": "iou", "я": "ia", "й": "i", "ё": "io",
}  # fmt: skip
_AZ_TURKISH = {"ə": "e", "x": "h", "q": "g", "İ": "İ"}
_RENDER_STYLES = {
    "hy": (("armenian", 2), ("caps", 1), ("german", 1), ("french", 1), ("russian", 3),
           ("russian_german", 1), ("russian_french", 1)),
    "az": (("native", 3), ("turkish", 2), ("russian", 2), ("russian_german", 1), ("caps", 1)),
}  # fmt: skip


def _armenian(text: str, table: dict[str, str], ending: str) -> str:
    word = text.lower().replace("ու", "\0")
    out = "".join(table.get(letter, letter) for letter in word)
    out = out.replace("\0", "ou" if ending == "ian" else "u")
    for old in ("yan", "jan"):
        if out.endswith(old):
            out = out[: -len(old)] + ending
    return out.capitalize()


def _cyrillic(text: str, table: dict[str, str]) -> str:
    return "".join(table.get(ch, ch) for ch in text.lower()).capitalize()


_HOUSEHOLDS_RENDER = households.render_name


def render_other(text: str, culture: str, style: str, rng: random.Random) -> str:
    """One name written by this set's own rules (see above)."""
    if style == "caps":
        plain = "passport" if culture == "hy" else "ascii"
        return _HOUSEHOLDS_RENDER(text, culture, plain, rng).upper()
    if culture == "hy":
        if style == "german":
            return _armenian(text, _ARM_GERMAN, "jan")
        if style == "french":
            return _armenian(text, _ARM_FRENCH, "ian")
    if style == "turkish":
        return "".join(_AZ_TURKISH.get(ch, ch) for ch in text)
    if style in ("russian_german", "russian_french"):
        russian = _HOUSEHOLDS_RENDER(text, culture, "russian", rng)
        return _cyrillic(russian, _CYR_GERMAN if style == "russian_german" else _CYR_FRENCH)
    return _HOUSEHOLDS_RENDER(text, culture, style, rng)


def _other_style(culture: str, rng: random.Random) -> str:
    styles = _RENDER_STYLES[culture]
    return rng.choices([s for s, _ in styles], weights=[w for _, w in styles])[0]


def _fewer_dates(record: Record, born: households.date, rng: random.Random) -> Record:
    """A third of the records without any birth information, the rest as households does."""
    if rng.random() < 0.33:
        return record
    return _birth(record, born, rng)


_birth = households._birth


@contextmanager
def _these_renderings() -> Iterator[None]:
    saved = (households.render_name, households._style, households._birth)
    households.render_name = render_other
    households._style = _other_style
    households._birth = _fewer_dates
    try:
        with _these_names(OTHER_NAMES):
            yield
    finally:
        households.render_name, households._style, households._birth = saved


def rendered_lists(seed: int) -> tuple[list[Record], list[Record], set[tuple[str, str]]]:
    with _these_renderings():
        return households.linked_lists(households.Config(seed=seed))
