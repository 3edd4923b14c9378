"""Build data/given_names.tsv: given names and their forms across scripts and standards.

Run: `python -m stranded.tracing.matching.build_names`. Sources (real name lists, shipped in
Faker): the Armenian first names of the hy_AM provider (Armenian script), each written through
tetrak-translit's romanisations (ALA-LC, ISO 9985, BGN/PCGN, Western Armenian) and in the
Russian form of Armenian names (Հ before a vowel as Г or dropped, Հով- as Ов-/Ог-); and the
Azerbaijani first names of az_AZ with their Russian (Cyrillic) forms. See data/README.md.
"""

from __future__ import annotations

import csv
from pathlib import Path

import tetrak_translit

SCHEMES = ("ala_lc", "iso_9985", "bgn_pcgn", "western")
OUT = Path(__file__).parent / "data" / "given_names.tsv"
FAMILY_OUT = Path(__file__).parent / "data" / "family_names.tsv"

ARMENIAN_TO_RUSSIAN = {
    "ա": "а", "բ": "б", "գ": "г", "դ": "д", "ե": "е", "զ": "з", "է": "э", "ը": "ы", "թ": "т",
    "ժ": "ж", "ի": "и", "լ": "л", "խ": "х", "ծ": "ц", "կ": "к", "հ": "г", "ձ": "дз", "ղ": "г",
    "ճ": "ч", "մ": "м", "յ": "й", "ն": "н", "շ": "ш", "ո": "о", "չ": "ч", "պ": "п", "ջ": "дж",
    "ռ": "р", "ս": "с", "վ": "в", "տ": "т", "ր": "р", "ց": "ц", "ւ": "в", "փ": "п", "ք": "к",
    "օ": "о", "ֆ": "ф", "և": "ев",
}  # fmt: skip
AZERBAIJANI_TO_RUSSIAN = {
    "a": "а", "b": "б", "c": "дж", "ç": "ч", "d": "д", "e": "е", "ə": "а", "f": "ф", "g": "г",
    "ğ": "г", "h": "г", "x": "х", "ı": "ы", "i": "и", "j": "ж", "k": "к", "q": "г", "l": "л",
    "m": "м", "n": "н", "o": "о", "ö": "ё", "p": "п", "r": "р", "s": "с", "ş": "ш", "t": "т",
    "u": "у", "ü": "ю", "v": "в", "y": "й", "z": "з",
}  # fmt: skip


def russian_forms(armenian: str) -> set[str]:
    word = armenian.lower().replace("ու", "у")
    plain = "".join(ARMENIAN_TO_RUSSIAN.get(ch, ch) for ch in word)
    forms = {plain}
    if word.startswith("հով"):
        rest = "".join(ARMENIAN_TO_RUSSIAN.get(ch, ch) for ch in word[3:].replace("հ", "", 1))
        forms |= {"ов" + rest, "ог" + rest}
    elif word.startswith("հ"):
        forms.add(plain[1:])  # Hakob -> Акоп as well as Гакоп
    return {f.capitalize() for f in forms}


def azerbaijani_russian(name: str) -> str:
    return "".join(AZERBAIJANI_TO_RUSSIAN.get(ch, ch) for ch in name.lower()).capitalize()


def rows() -> list[tuple[str, str, str]]:
    from faker.providers.person.az_AZ import Provider as Azerbaijani
    from faker.providers.person.hy_AM import Provider as Armenian

    found: list[tuple[str, str, str]] = []
    armenian = sorted({*Armenian.first_names_male, *Armenian.first_names_female})
    for name in armenian:
        found.append((name, name, "faker hy_AM"))
        for scheme in SCHEMES:
            found.append((name, tetrak_translit.to_latin(name, scheme=scheme), scheme))
        found += [(name, form, "russian form") for form in sorted(russian_forms(name))]
    azerbaijani = sorted({*Azerbaijani.first_names_male, *Azerbaijani.first_names_female})
    for name in azerbaijani:
        found.append((name, name, "faker az_AZ"))
        found.append((name, azerbaijani_russian(name), "russian form"))
    return sorted(set(found))


def family_russian(armenian: str) -> set[str]:
    """Russian forms of an Armenian family name: -յան as -ян, Հ as Г or dropped."""
    return {form.replace("йан", "ян").replace("Йан", "Ян") for form in russian_forms(armenian)}


def family_rows() -> list[tuple[str, str, str]]:
    from faker.providers.person.az_AZ import Provider as Azerbaijani
    from faker.providers.person.hy_AM import Provider as Armenian

    found: list[tuple[str, str, str]] = []
    for name in sorted(set(Armenian.last_names)):
        found.append((name, name, "faker hy_AM"))
        for scheme in SCHEMES:
            found.append((name, tetrak_translit.to_latin(name, scheme=scheme), scheme))
        found += [(name, form, "russian form") for form in sorted(family_russian(name))]
    for name in sorted(set(Azerbaijani.last_names)):
        group = name[:-1] if name.endswith(("ova", "eva")) else name  # Məmmədova is Məmmədov's
        found.append((group, name, "faker az_AZ"))
        found.append((group, azerbaijani_russian(name), "russian form"))
    return sorted(set(found))


def _write(path: Path, table: list[tuple[str, str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["group", "variant", "how"])
        writer.writerows(table)


def main() -> None:
    _write(OUT, rows())
    _write(FAMILY_OUT, family_rows())


if __name__ == "__main__":
    main()
