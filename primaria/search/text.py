"""Romanian text for search: one normalisation and one analyzer, used when indexing and when querying.

Romanian has two spellings of ș and ț: the correct comma-below letters (U+0219, U+021B) and the cedilla
letters (ş U+015F, ţ U+0163) that old keyboards, old documents and Tesseract still produce, often mixed
in one page. Words are also typed without diacritics ("autorizatie"). So:

* `normalize` is applied to every text we store: Unicode NFC (OCR and some PDFs give a letter plus a
  combining mark, which a tokenizer would split in two), the cedilla letters mapped to comma-below,
  soft hyphens and ligatures resolved. It keeps the diacritics, so snippets show the text as written.
* `fold` also strips every diacritic (ă â î ș ț → a a i s t): what the index and the queries compare.
* `analyze` runs the analyzer every engine uses: tantivy's simple tokenizer, lowercase, ASCII folding
  (which folds both ş and ș) and tantivy's built-in Romanian Snowball stemmer applied twice. The
  Snowball algorithm is written for text with diacritics; on folded text it stems "autorizatie" to
  "autorizat" but "autorizatiei" to "autoriz". A second pass brings such pairs together (on 21
  inflection groups of common administrative words, 16 end on one stem instead of 10); see
  docs/archive.md.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

CEDILLA_TO_COMMA = str.maketrans({"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"})
_EXTRA = str.maketrans({"\u00ad": "", "\ufb01": "fi", "\ufb02": "fl", "\u2010": "-", "\u2011": "-"})

ANALYZER_NAME = "ro_folded"
MAX_TOKEN_LENGTH = 40


def normalize(text: str) -> str:
    """The stored form of a text: NFC, comma-below ș ț, no soft hyphens or ligatures."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", text).translate(CEDILLA_TO_COMMA).translate(_EXTRA)


def fold(text: str) -> str:
    """`normalize`, then without diacritics: the form that indexing and querying compare."""
    decomposed = unicodedata.normalize("NFD", normalize(text))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


@lru_cache(maxsize=1)
def analyzer():
    """The tantivy analyzer registered on every index (and used directly by the other engines)."""
    from tantivy import Filter, TextAnalyzerBuilder, Tokenizer

    return (
        TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.remove_long(MAX_TOKEN_LENGTH))
        .filter(Filter.lowercase())
        .filter(Filter.ascii_fold())
        .filter(Filter.stemmer("romanian"))
        .filter(Filter.stemmer("romanian"))
        .build()
    )


def analyze(text: str) -> list[str]:
    """The index terms of a text, in order (positions matter for phrases)."""
    text = fold(text)
    return analyzer().analyze(text) if text else []


# --- what a person types in the search box --------------------------------------------------------------

_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class ParsedQuery:
    """Required clauses and excluded clauses; each clause is a tuple of index terms (one term or a phrase)."""

    text: str = ""
    clauses: tuple = ()
    excluded: tuple = ()
    words: tuple = field(default=(), compare=False)  # what was typed, normalised, for display

    @property
    def empty(self) -> bool:
        return not self.clauses


def parse_query(text: str) -> ParsedQuery:
    """Words are all required; "quoted words" must appear together in that order; -word excludes a word.

    The query language is deliberately small: nothing typed can make an engine fail or scan everything.
    """
    text = normalize((text or "").strip())[:500]
    clauses, excluded, words = [], [], []
    for match in _QUERY_PART.finditer(text):
        negative, phrase, word = match.group(1), match.group(2), match.group(3)
        if phrase is not None:
            terms = tuple(analyze(phrase))
            target = excluded if negative else clauses
            raw = phrase
        else:
            negative = word.startswith("-") and len(word) > 1
            raw = word[1:] if negative else word
            terms = tuple(analyze(raw))
            target = excluded if negative else clauses
        if not terms:
            continue
        # "nr.125/2019" gives several terms: they are kept together, as a phrase.
        if terms not in target:
            target.append(terms)
        if target is clauses:
            words.append(raw)
    return ParsedQuery(text=text, clauses=tuple(clauses[:12]), excluded=tuple(excluded[:6]), words=tuple(words))
