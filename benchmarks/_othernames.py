"""A third cross-script set for `stranded bench matching`: a check of generality, never tuned on.

The method of `households.py` (households, relatives and namesakes as hard negatives, its own
rendering tables) with name lists written here from common Armenian and Azerbaijani names
instead of Faker's (some overlap, many names the engine's name lists lack), shorter lists (so
namesakes are more frequent than in either generator), and seeds of its own.
"""

from __future__ import annotations

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
def _these_names() -> Iterator[None]:
    original = households._Names.__init__

    def names(self: households._Names, rng: households.random.Random) -> None:
        self.rng = rng
        self.lists = {key: households._shuffled(text.split(), rng) for key, text in NAMES.items()}
        self.weights = {}

    households._Names.__init__ = names  # type: ignore[method-assign]
    try:
        yield
    finally:
        households._Names.__init__ = original  # type: ignore[method-assign]


def linked_lists(seed: int) -> tuple[list[Record], list[Record], set[tuple[str, str]]]:
    with _these_names():
        return households.linked_lists(households.Config(seed=seed))
