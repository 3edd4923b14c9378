"""How a place is named to a person: the operation's display policy, in the user's language.

One function for every page, PDF, CSV and API label: `place_name(place, policy=...)` (in
templates `{% load place_names %}{% place_name place %}`, which reads the policy of the operation
in the context). The language is the active one (`get_language()`: the user's, once chosen).

Policies (`Operation.PlaceDisplay`):
- "both": the name the user's language uses, and the name of the other tradition in brackets
  when it differs: "Khankendi (Stepanakert)" in English, "Ստեփանակերտ (Խանքենդի)" in Armenian,
  "Степанакерт (Ханкенди)" in Russian, "Xankəndi (Stepanakert)" in Azerbaijani;
- "user": only the name the user's language uses;
- "en", "hy", "az", "ru": that language's name for every user (one name).

The name a language uses is the one the sources tag with it; else a name in its script that
spells the gazetteer's main name (for Azerbaijani, one with its letters: Şuşa); else the main
name. The other tradition's name is a name tagged in one of the four languages (or the main
name) whose spelling is not the first one's, in the user's script when the gazetteer has it.

Names are read from a process-wide copy of the gazetteer's names (one query when first needed,
then again when the gazetteer changes: checked every RECHECK_S seconds, and at once after a
change made by this process), so a list of a hundred places costs no query per place.
"""

from __future__ import annotations

import threading
import time
from typing import Any, NamedTuple

from django.db.models import Count, Max, Q
from django.utils.translation import get_language
from rapidfuzz import fuzz

from stranded.core.models import User
from stranded.lib.fold import fold, hy_fold, skeleton

LANGUAGES = ("en", "hy", "az", "ru")
SCRIPT = {"en": "Latn", "az": "Latn", "hy": "Armn", "ru": "Cyrl"}
AZ_LETTERS = frozenset("əƏıİşŞğĞçÇöÖüÜ")
RECHECK_S = 10.0
SAME_RATIO = 80  # skeletons this alike are one name spelt two ways (5 letters, one changed)
SPELLING_RATIO = 85  # a name in the reader's script this close to the tradition's spelling
LETTERS = {
    "ru": frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
    "hy": frozenset("աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆև"),
}


class Name(NamedTuple):
    text: str
    language: str
    script: str


_lock = threading.Lock()
_state: dict[str, Any] = {"names": {}, "stamp": None, "checked": 0.0}  # names: id -> (main, names)


def place_name(place: Any, *, policy: str | None = None, language: str | None = None) -> str:
    """The place's name for the user reading it: `place` is a Place or a place's id (a
    foreign key's `place_id` needs no join); "" for none."""
    if place is None or place == "":
        return ""
    if hasattr(place, "pk"):
        main, names = place.name, names_of(place)
    else:
        main, names = held(place)
    return name_for(main, names, policy=policy, language=language)


def area_name(area: Any, *, policy: str | None = None, language: str | None = None) -> str:
    """An area's name: its place's by the policy when it has one (a village), else its own."""
    fields = area if isinstance(area, dict) else vars(area)
    if fields.get("place_id"):
        return place_name(fields["place_id"], policy=policy, language=language)
    return str(fields.get("name") or "")


def place_policy(user: User) -> str | None:
    """The display policy of the user's operation (None: the default, both names)."""
    operation = user.operation
    return operation.place_display if operation else None


def name_for(
    main: str, names: tuple[Name, ...], *, policy: str | None = None, language: str | None = None
) -> str:
    policy = policy or "both"
    if policy in LANGUAGES:
        return name_in(main, names, policy)
    language = language or current_language()
    first = name_in(main, names, language)
    if policy != "both":
        return first
    other = other_name(main, names, language, first)
    return f"{first} ({other})" if other else first


def current_language() -> str:
    language = (get_language() or "en").split("-")[0].lower()
    return language if language in LANGUAGES else "en"


def key(text: str) -> str:
    """Two spellings of one name share this key, whatever the script (Խանքենդի, Xankəndi)."""
    return skeleton(hy_fold(text))


def same(a: str, b: str) -> bool:
    """One name in two spellings (Aghdam and Agdam, Гадрут and Hadrut), not two names (Shusha
    and Shushi, Khankendi and Stepanakert)."""
    if key(a) == key(b) or skeleton(a) == skeleton(b):
        return True
    alike = max(fuzz.ratio(skeleton(a), skeleton(b)), fuzz.ratio(key(a), key(b)))
    return alike >= SAME_RATIO


def closest(texts: list[str], to: str) -> str | None:
    """The spelling nearest to `to` among texts (the first of equals)."""
    target = fold(to)
    return max(texts, key=lambda t: fuzz.ratio(fold(t), target), default=None)


def written_in(text: str, language: str) -> bool:
    """A name spelt with the language's own letters (not Kazakh ғ or Ukrainian і for Russian)."""
    letters = LETTERS.get(language)
    return letters is None or all(ch in letters for ch in text.lower() if ch.isalpha())


def name_in(main: str, names: tuple[Name, ...], language: str) -> str:
    script = SCRIPT[language]
    if language == "en" and script_of_name(main, names) in ("Latn", ""):
        return main
    tagged = [n.text for n in names if n.language == language]
    if tagged:
        return tagged[0]
    in_script = [
        n.text
        for n in names
        if n.script == script and not n.language and written_in(n.text, language)
    ]
    if language == "az":
        in_script = [t for t in in_script if AZ_LETTERS & set(t)]
    spelt_alike = [t for t in in_script if same(t, main)]
    return closest(spelt_alike, main) or (in_script or [main])[0]


def other_name(main: str, names: tuple[Name, ...], language: str, first: str) -> str | None:
    """The other tradition's name (the main name, or one the sources tag with a language) that
    is not the first one, in the reader's script when the gazetteer has it spelt alike."""
    traditions = [main, *(n.text for n in names if n.language in LANGUAGES)]
    script = SCRIPT[language]
    english = [n.text for n in names if n.language == "en"]
    groups = [  # best first: the reader's language, then script, then English
        [n.text for n in names if n.language == language],
        english if script == "Latn" else [],
        [
            n.text
            for n in names
            if n.script == script and not n.language and written_in(n.text, language)
        ],
        english,
    ]
    for tradition in traditions:
        if same(tradition, first):
            continue
        for group in groups:
            near = [
                t
                for t in group
                if same(t, tradition)
                and not same(t, first)
                and fuzz.ratio(fold(t), fold(tradition)) >= SPELLING_RATIO
            ]
            if near:
                return closest(near, tradition)
        return tradition
    return None


def script_of_name(text: str, names: tuple[Name, ...]) -> str:
    return next((n.script for n in names if n.text == text), "Latn" if text.isascii() else "")


def names_of(place: Any) -> tuple[Name, ...]:
    """The place's names that a display may use (tagged in one of the four languages, or in
    their scripts), in the order the sources gave them."""
    prefetched = getattr(place, "_prefetched_objects_cache", {}).get("names")
    if prefetched is not None:
        return tuple(Name(n.text, n.language, n.script) for n in prefetched if useful(n))
    return held(place.pk)[1]


def held(place_id: Any) -> tuple[str, tuple[Name, ...]]:
    """(main name, names) of a place by its id, from the process's copy."""
    cache = _names()
    key_id = str(place_id)
    found = cache.get(key_id)
    if found is None:
        found = _load(place_id).get(key_id, ("", ()))
        with _lock:
            cache[key_id] = found
    return found


def useful(name: Any) -> bool:
    return name.language in LANGUAGES or name.script in ("Latn", "Armn", "Cyrl")


def forget() -> None:
    """The gazetteer changed in this process: read its names again on next use."""
    with _lock:
        _state.update(names={}, stamp=None, checked=0.0)


def _names() -> dict[str, tuple[str, tuple[Name, ...]]]:
    now = time.monotonic()
    if now - _state["checked"] < RECHECK_S and _state["stamp"] is not None:
        return _state["names"]  # type: ignore[no-any-return]
    stamp = _stamp()
    if stamp != _state["stamp"]:
        names = _load()
        with _lock:
            _state.update(names=names, stamp=stamp)
    _state["checked"] = now
    return _state["names"]  # type: ignore[no-any-return]


def _stamp() -> tuple[Any, ...]:
    from stranded.places.models import Place, PlaceName

    places = Place.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return places["n"], places["last"], PlaceName.objects.aggregate(last=Max("pk"))["last"]


def _load(place_id: Any = None) -> dict[str, tuple[str, tuple[Name, ...]]]:
    """Every place's (main name, names), or one place's."""
    from stranded.places.models import Place, PlaceName

    places = Place.objects.all() if place_id is None else Place.objects.filter(pk=place_id)
    names = (
        PlaceName.objects.all() if place_id is None else PlaceName.objects.filter(place_id=place_id)
    )
    mains = dict(places.values_list("pk", "name").iterator(chunk_size=5000))
    rows = (
        names.filter(Q(language__in=LANGUAGES) | Q(script__in=("Latn", "Armn", "Cyrl")))
        .order_by("pk")
        .values_list("place_id", "text", "language", "script")
    )
    grouped: dict[Any, list[Name]] = {pk: [] for pk in mains}
    for owner, text, language, script in rows.iterator(chunk_size=5000):
        grouped.setdefault(owner, []).append(Name(text, language, script))
    return {str(pk): (mains.get(pk, ""), tuple(found)) for pk, found in grouped.items()}
