"""Every visible word of every template is marked for translation.

The check reads each template under src/stranded/**/templates the way a reader sees the page:
text between tags and the attributes a person reads (placeholder, title, aria-label, alt, the
label of a button input), plus the literal arguments of `default`/`yesno` filters. Text inside
{% translate %} and {% blocktranslate %}, template variables and tags, comments, <script>,
<style> and <code> (commands typed as they are), and pure punctuation or numbers are not visible
text. A word left is reported with its file and line.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType
from django.test import SimpleTestCase

SRC = Path(__file__).resolve().parents[2] / "src" / "stranded"
# A placeholder for everything the template engine replaces: no letter, so never a word.
MARK = "\ue000"
WORD = re.compile(r"[^\W\d_]{2,}")
# Names and codes that are the same in every language (the product, file formats, standards).
ALLOWED = {code.lower() for code in {
    "stranded", "CSV", "PDF", "JSON", "GeoJSON", "HXL", "PFIF", "XLSForm", "XML", "ODK",
    "OpenRosa", "KoBo", "KoBoCollect", "Enketo", "HDX", "OData", "UUID", "URL", "API", "UTC",
    "GPS", "SMS", "WGS",
}}  # fmt: skip
# Not read as prose: scripts, styles, and commands or codes typed as they are.
HIDDEN = {"script", "style", "code", "kbd", "samp"}
READ_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}
FILTER_LITERAL = re.compile(r"\|\s*(default|default_if_none|yesno)\s*:\s*\"([^\"]*)\"")
SKIPPED_BLOCKS = {
    "blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans",
    "comment": "endcomment",
}  # fmt: skip


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w.lower() not in ALLOWED]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0  # inside <script> or <style>
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        line = self.getpos()[0]
        values = dict(attrs)
        for name, value in attrs:
            readable = name in READ_ATTRIBUTES or (
                tag == "input" and name == "value" and values.get("type") in ("submit", "button")
            )
            if readable and value and words(value):
                self.found.append((line, f'{name}="{value}"'))

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if self.hidden or not words(data):
            return
        first = WORD.search(data)
        offset = data[: first.start()].count("\n") if first else 0
        self.found.append((self.getpos()[0] + offset, " ".join(data.split())))


def untranslated(source: str) -> list[tuple[int, str]]:
    """(line, text) of every visible text in a template not marked for translation."""
    parts: list[str] = []
    found: list[tuple[int, str]] = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        kept = "\n" * token.contents.count("\n")
        if closing is not None:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
            parts.append(MARK + kept)
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK:
            closing = SKIPPED_BLOCKS.get(token.contents.split()[0])
        if token.token_type in (TokenType.VAR, TokenType.BLOCK):
            for _filter, literal in FILTER_LITERAL.findall(token.contents):
                if words(literal):
                    found.append((token.lineno, f'"{literal}" in {{{{ {token.contents} }}}}'))
        parts.append(MARK + kept)
    reader = _Reader()
    reader.feed("".join(parts))
    reader.close()
    return sorted(found + reader.found)


def templates() -> list[Path]:
    return sorted(SRC.glob("*/templates/**/*.html"))


class TemplatesTranslatedTests(SimpleTestCase):
    def test_it_finds_the_templates(self) -> None:
        self.assertGreater(len(templates()), 50)

    def test_every_visible_string_is_marked_for_translation(self) -> None:
        left = [
            f"{path.relative_to(SRC.parent)}:{line}: {text}"
            for path in templates()
            for line, text in untranslated(path.read_text())
        ]
        self.assertEqual(left, [], "visible text outside {% translate %}:\n" + "\n".join(left))

    def test_it_sees_text_and_readable_attributes(self) -> None:
        source = (
            '{% load i18n %}<p>{% translate "Sweeps" %}</p>\n'
            '<p title="Open leads">{{ n }} left</p>\n'
            "{# a comment #}<script>var a = 'hidden';</script><style>b {}</style>\n"
            "{% blocktranslate trimmed %}Hello {{ n }}{% endblocktranslate %} 12 · –\n"
            '<input type="submit" value="Save">{{ x|default:"none" }}{{ y|default:_("none") }}\n'
            "<b>CSV</b> <i>PDF</i>"
        )
        self.assertEqual(
            untranslated(source),
            [
                (2, 'title="Open leads"'),
                (2, "\ue000 left"),
                (5, '"none" in {{ x|default:"none" }}'),
                (5, 'value="Save"'),
            ],
        )
