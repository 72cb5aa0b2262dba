"""Every page in English and in Hungarian carries no Romanian interface text.

The demo city is loaded (with some history) and every route the project answers is opened in English and in
Hungarian (the `limba` cookie), signed out, as a resident and as the secretary general; a route with parameters
is filled with the identifiers of existing objects. On each HTML page, the text a reader sees (and the
attributes read aloud) is searched for Romanian:
- a word of the Romanian interface: a word of the catalogs' Romanian texts that no English or Hungarian
  translation uses;
- a word with a letter only Romanian writes (ă, â, î, ș, ț).
What people and officials wrote, and the names of services, places and people, are content (docs/translations.md):
a text that is, or is part of, a value stored in the database is not counted, nor an element marked lang="ro".
"""

import re
from collections import defaultdict
from html.parser import HTMLParser
from io import StringIO

import polib
import pytest
from django.apps import apps
from django.db import models

from tests.routes import body_of, candidates, routes, url_of

from .checks import PRIMARIA, SAME_IN_EVERY_LANGUAGE

LANGUAGES = ("en", "hu")
ROMANIAN_LETTERS = re.compile(r"[ăâîșțşţĂÂÎȘȚŞŢ]")
WORD = re.compile(r"[^\W\d_]+")
MARKUP = re.compile(r"%\(\w+\)[sdif]|\{\{[^}]*\}\}|\{\w*\}|<[^>]+>|&\w+;")
READ_ALOUD = {"title", "alt", "aria-label", "placeholder", "aria-description"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Routes that are not pages of the product (a payment provider's imitation page answers only in its sandbox).
NOT_PAGES = ("netopia-sandbox/", "csc/", "api/")


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(MARKUP.sub(" ", text)) if len(w) >= 4}


def romanian_vocabulary() -> set[str]:
    """Words of the Romanian interface: in the catalogs' msgids and in no English or Hungarian msgstr."""
    romanian, translated = set(), set()
    for po in PRIMARIA.glob("**/locale/*/LC_MESSAGES/*.po"):
        for entry in polib.pofile(str(po)):
            if entry.obsolete:
                continue
            romanian |= _words(f"{entry.msgid} {entry.msgid_plural or ''}")
            translated |= _words(" ".join([entry.msgstr, *entry.msgstr_plural.values()]))
    return romanian - translated - SAME_IN_EVERY_LANGUAGE


class _Visible(HTMLParser):
    """The text a reader sees or hears, element by element, leaving out what is marked lang="ro"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._stack: list[tuple[str, bool]] = []

    def _romanian(self) -> bool:
        return any(ro for _tag, ro in self._stack)

    def _hidden(self) -> bool:
        return any(tag in ("script", "style", "template") for tag, _ro in self._stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        ro = (attributes.get("lang") or "").startswith("ro")
        if not (self._romanian() or ro or self._hidden()):
            self.texts += [value for name, value in attrs if name in READ_ALOUD and value]
        if tag not in VOID:
            self._stack.append((tag, ro))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._stack:
            self._stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                break

    def handle_data(self, data):
        if data.strip() and not self._romanian() and not self._hidden():
            self.texts.append(" ".join(data.split()))


def visible_texts(page: str) -> list[str]:
    parser = _Visible()
    parser.feed(page)
    parser.close()
    return parser.texts


class StoredText:
    """The text values of the database, by word: a page's text that is one of them (or part of one) is content."""

    def __init__(self):
        self.by_word = defaultdict(list)
        for model in apps.get_models():
            if not model.__module__.startswith(("primaria.", "django.contrib.auth", "spiffworkflow")):
                continue
            fields = [f.name for f in model._meta.fields
                      if isinstance(f, (models.CharField, models.TextField, models.JSONField))]
            if not fields:
                continue
            for row in model.objects.values_list(*fields):
                for value in row:
                    for text in _strings(value):
                        text = " ".join(text.split())
                        # every word, attributes of stored markup included (a BPMN step's name)
                        for word in {w.lower() for w in WORD.findall(text)}:
                            self.by_word[word].append(text)

    def is_content(self, text: str, word: str) -> bool:
        """Whether the part of `text` holding `word` is, or is part of, a stored value (a label and its value,
        a name shortened with "…", names listed with separators count part by part)."""
        parts = [text, *SEPARATORS.split(text)]
        for part in parts:
            part = part.strip().rstrip("…?!.:–— ").lstrip("–— ").strip()  # a name shortened, asked about, ended
            if part and word in part.lower() and any(value in part or part in value
                                                     for value in self.by_word.get(word, ())):
                return True
        return False


SEPARATORS = re.compile(r" – | — |: |; |, |\. | \| |\(|\)|\n")


def _strings(value):
    """The strings in a stored value (JSON documents included)."""
    if isinstance(value, str):
        if value:
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def romanian_letter_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if ROMANIAN_LETTERS.search(w)]


def romanian_in(texts: list[str], vocabulary: set[str], stored: StoredText) -> list[str]:
    found = []
    for text in texts:
        suspects = (_words(text) & vocabulary) | {w.lower() for w in romanian_letter_words(text)}
        suspects -= SAME_IN_EVERY_LANGUAGE
        if text.endswith("…") and WORD.findall(text):
            suspects.discard(WORD.findall(text)[-1].lower())  # a word cut short is part of a shortened value
        left = sorted(word for word in suspects if not stored.is_content(text, word))
        if left:
            found.append(f"{text[:100]!r} ({', '.join(left[:4])})")
    return found


@pytest.fixture
def demo_city_with_history(pki, users):
    from django.core.management import call_command

    call_command("load_demo_city", quiet=True, history=40, stdout=StringIO())
    return {m._meta.label: (m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
            for m in apps.get_models() if m.__module__.startswith("primaria.")
            and m._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")}


def _client(language, user=None):
    from django.test import Client

    client = Client()
    client.cookies["limba"] = language
    if user is not None:
        client.force_login(user)
    return client


def test_the_vocabulary_finds_romanian_and_spares_content():
    """The detector itself: interface Romanian is found, English and Hungarian text and marked content are not."""
    vocabulary = {"cererile", "dosarul", "trimiteți"}
    stored = StoredText.__new__(StoredText)
    stored.by_word = defaultdict(list, {"certificat": ["Certificat de urbanism"],
                                        "urbanism": ["Certificat de urbanism"]})
    assert romanian_in(["Cererile mele"], vocabulary, stored)
    assert romanian_in(["Trimiteți"], vocabulary, stored)
    assert romanian_in(["Plată"], vocabulary, stored)  # a Romanian letter outside any stored value
    assert not romanian_in(["My requests", "Kérelmeim", "Certificat de urbanism"], vocabulary, stored)
    assert visible_texts('<p>Kérelmeim <span lang="ro">Română</span><script>var a="Plată"</script></p>') == [
        "Kérelmeim"]


def test_every_page_in_english_and_hungarian_has_no_romanian_interface_text(demo_city_with_history, users):
    vocabulary = romanian_vocabulary()
    assert len(vocabulary) > 500, "the catalogs hold the interface's words"
    stored = StoredText()
    viewers = {"signed out": None, "a resident": users.ion, "the secretary general": users.secretary}
    problems, pages = {}, 0
    for route, pattern in routes():
        if route.startswith(NOT_PAGES):
            continue
        if "<" in route:
            urls = [url_of(route, params) for params in candidates(route, pattern, demo_city_with_history)[:2]]
        else:
            urls = ["/" + route]
        for url in urls:
            for language in LANGUAGES:
                for who, user in viewers.items():
                    answer = _client(language, user).get(url, HTTP_ACCEPT="text/html")
                    if answer.status_code != 200 or "text/html" not in answer.get("Content-Type", ""):
                        continue
                    pages += 1
                    texts = visible_texts(body_of(answer))
                    if romanian_in(texts, vocabulary, stored):
                        problems.setdefault(f"{url} [{language}, {who}]", texts)
    assert pages > 200, f"only {pages} pages were opened"
    # Opening a page may store content (a service's process published at its first view): read it again.
    stored = StoredText()
    problems = {page: found[:3] for page, texts in problems.items()
                if (found := romanian_in(texts, vocabulary, stored))}
    assert not problems, "Romanian on English or Hungarian pages:\n" + "\n".join(
        f"{page}: {'; '.join(found)}" for page, found in sorted(problems.items())[:80])
