# i18n: ro (Romanian word lists and letters for search)
"""Romanian text for search: one normalisation and one analyzer, used when indexing and when querying, by the
archive's engines and by the service catalog alike.

Romanian has two spellings of ș and ț: the correct comma-below letters (U+0219, U+021B) and the cedilla
letters (ş U+015F, ţ U+0163) that old keyboards, old documents and Tesseract still produce, often mixed
in one page. Words are also typed without diacritics ("autorizatie"). So:

* `normalize` is applied to every text we store: Unicode NFC (OCR and some PDFs give a letter plus a
  combining mark, which a tokenizer would split in two), the cedilla letters mapped to comma-below,
  soft hyphens and ligatures resolved. It keeps the diacritics, so snippets show the text as written.
* `fold` also strips every diacritic (ă â î ș ț → a a i s t): what the index and the queries compare.
* `analyze` gives the index terms of a text: words (runs of letters and digits), folded, lower case, each
  reduced by `stem` to what its inflected forms share.

`stem` is our own light stemmer for folded Romanian. It removes the endings of inflection only (number,
case, the definite article: -ul -ului -a -ea -ei -ii -e -i -u -uri -le -lor and their combinations), never
derivational suffixes, so a noun's forms meet (consiliu, consiliul, consiliului, consiliile, consiliilor →
consil; hotărâre, hotărârea, hotărârii, hotărârile → hotarar; școală, școlii → scol; stradă, străzii →
strad; cetățean, cetățenii → cetaten) while words that merely begin alike stay apart (casă/casier, carte/cartier, consiliu/consilier). Snowball's Romanian algorithm, which tantivy and
PyStemmer offer, is written for text with diacritics and strips derivational suffixes too: on our folded
text it splits consiliu from consiliul, hotărâre from hotărârii, naștere from nașterii, divorț from
divorțuri and nume from numelui (docs/archive.md). Other stem alternations (model/modele, masă/mese)
are not joined, and folding makes a few unrelated words meet (taxă/taxi, poștă/post, stat/stație).
"""

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

CEDILLA_TO_COMMA = str.maketrans({"ş": "ș", "Ş": "Ș", "ţ": "ț", "Ţ": "Ț"})
_EXTRA = str.maketrans({"\u00ad": "", "\ufb01": "fi", "\ufb02": "fl", "\u2010": "-", "\u2011": "-"})
_TO_NORMALIZE = re.compile("[şŞţŢ\u00ad\ufb01\ufb02\u2010\u2011]")
# Letters that have no combining mark to strip but that a person types as plain ASCII.
_ASCII = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l",
                        "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"})
_TO_ASCII = re.compile("[ßæÆœŒøØłŁđĐı]")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")

# Raise when `analyze` changes, so that indexes built with the old terms are rebuilt (`archive_reindex`).
ANALYZER_VERSION = "2"
MAX_TOKEN_LENGTH = 40
SNIPPET_CHARS = 220

_WORD = re.compile(r"[^\W_]+")


def normalize(text: str) -> str:
    """The stored form of a text: NFC, comma-below ș ț, no soft hyphens or ligatures."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    if _TO_NORMALIZE.search(text):  # (a translation costs a pass over the text: most texts need none)
        text = text.translate(CEDILLA_TO_COMMA).translate(_EXTRA)
    return text


# Before 1993 Romanian wrote î inside words too (hotărîre, cîmp, Romînia); today â is written there, and î only
# at the start and end of a word and after a prefix (neînregistrat, reînnoire, subînchiriere).
_PREFIXES_BEFORE_I = frozenset({"ne", "re", "pre", "dez", "des", "sub", "supra", "bine", "rau", "ras", "raz", "prea",
                                "auto", "semi", "contra", "intre"})


_MEDIAL_I = re.compile(r"[^\W_]+[îÎ][^\W_]+")


def _old_i(match) -> str:
    word = match.group()
    letters = list(word)
    for i in range(1, len(letters) - 1):
        if letters[i] in "îÎ" and fold(word[:i]).lower() not in _PREFIXES_BEFORE_I:
            letters[i] = "â" if letters[i] == "î" else "Â"
    return "".join(letters)


def fold(text: str) -> str:
    """`normalize`, then without diacritics: the form that indexing and querying compare. The î of the old
    spelling inside a word counts as â, so that hotărîre is hotărâre."""
    if not text:
        return ""
    if text.isascii():
        return text
    text = normalize(text)
    if "î" in text or "Î" in text:
        text = _MEDIAL_I.sub(_old_i, text)
    plain = unicodedata.normalize("NFC", _COMBINING.sub("", unicodedata.normalize("NFD", text)))
    return plain.translate(_ASCII) if _TO_ASCII.search(plain) else plain


# --- the stemmer ------------------------------------------------------------------------------------------

_VOWELS = frozenset("aeiou")
# Endings of inflection on folded text, longest first: the article (-ul, -a, -le, -lui, -lor) on top of
# the endings of number and case (-u, -ă, -e, -i, -uri, -ei, -ii).
_ENDINGS = ("urilor", "urile", "ilor", "elor", "ului", "elui", "uri", "ile", "ele", "ul", "ea", "ei", "ii",
            "a", "e", "i", "u")


# Common words whose forms no ending rule brings together.
_IRREGULAR = {"zi": "zil", "ziua": "zil", "oameni": "om", "oamenii": "om", "oamenilor": "om", "numere": "numar",
              "numerele": "numar", "numerelor": "numar"}


def _stem_ok(stem: str) -> bool:
    return len(stem) >= 2 and not _VOWELS.isdisjoint(stem)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """What the inflected forms of a folded, lower-case Romanian word have in common.

    The longest ending that leaves a stem of two letters or more, a vowel among them, is removed; then the
    `i` of -ie and -iu words (autorizați-e, consili-u), so that their forms meet those in -ii, or the `ul` of
    a word that ends in -ul without an article (vehicul, vehiculul, vehicule, calculului). "-ile" after b or v
    is the plural of an adjective in -bil/-vil (mobile, impozabile, civile), not an article.
    """
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) < 3 or not word.isalpha():
        return word
    for ending in _ENDINGS:
        if word.endswith(ending):
            if ending == "ile" and word[-4:-3] in ("b", "v"):
                ending = "e"
            candidate = word[: -len(ending)]
            if _stem_ok(candidate):
                if candidate.endswith("i") and _stem_ok(candidate[:-1]):
                    candidate = candidate[:-1]
                elif candidate.endswith("ul") and _stem_ok(candidate[:-2]):
                    candidate = candidate[:-2]
                return _alternations(candidate)
    return _alternations(word)


_OA_IN_LAST_SYLLABLE = re.compile(r"oa([^aeiou]+)$")


def _alternations(stem: str) -> str:
    """Three stem alternations of common nouns: o/oa in the last syllable (școală, școli), d/z after a at the
    end (stradă, străzi) and e/ea before a final n (cetățean, cetățeni)."""
    if len(stem) >= 4:
        stem = _OA_IN_LAST_SYLLABLE.sub(r"o\1", stem)
        if stem.endswith("az"):
            stem = stem[:-1] + "d"
        elif stem.endswith("ean"):
            stem = stem[:-2] + "n"
    return stem


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The index term of one word as written (any case, diacritics, cedilla letters)."""
    return stem(fold(word).lower())


def analyze(text: str) -> list[str]:
    """The index terms of a text, in order (positions matter for phrases)."""
    if not text:
        return []
    return [stem(token) for token in _WORD.findall(fold(text).lower()) if len(token) < MAX_TOKEN_LENGTH]


# Words that say nothing about what is searched for; the catalog does not require them.
STOP_WORDS = frozenset(analyze(
    "a ai al ale cu de din despre dupa in la pe pentru prin privind sau si o un unei unui sa se pana catre intre"
))


def content_terms(text: str) -> list[str]:
    """The terms of a text without the stop words (all of them if the text has nothing else)."""
    terms = analyze(text)
    kept = [t for t in terms if t not in STOP_WORDS]
    return kept or terms


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


# --- showing where the words were found -------------------------------------------------------------------


def snippet(text: str, query: ParsedQuery) -> str:
    """About SNIPPET_CHARS of `text` around the first word of the query, escaped, the matched words in <mark>.

    Every engine uses it, so the words marked are exactly those the analyzer matched.
    """
    wanted = {t for clause in query.clauses for t in clause}
    marks = []
    for match in _WORD.finditer(text):
        token = match.group()
        if len(token) < MAX_TOKEN_LENGTH and term(token) in wanted:
            marks.append((match.start(), match.end()))
    start = max(0, marks[0][0] - 60) if marks else 0
    end = min(len(text), start + SNIPPET_CHARS)
    out, position = [], start
    for a, b in marks:
        if a < start or b > end:
            continue
        out.append(html.escape(text[position:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        position = b
    out.append(html.escape(text[position:end]))
    return "".join(out)


# --- counts in words --------------------------------------------------------------------------------------


def count_phrase(n: int, singular: str, plural: str) -> str:
    """"1 serviciu găsit", "2 servicii găsite", "20 de servicii găsite": Romanian puts "de" between a number
    and its noun when the number's last two digits are 00 or 20–99 (so 101 servicii, but 120 de servicii)."""
    if n == 1:
        return f"1 {singular}"
    number = f"{n:,}".replace(",", ".")
    rest = n % 100
    if n >= 20 and (rest == 0 or rest >= 20):
        return f"{number} de {plural}"
    return f"{number} {plural}"
