"""One Romanian analyzer for the archive and the catalog: the forms of a word meet, unrelated words do not.

The tables are pairs of forms as people write them (with and without diacritics, cedilla or comma-below
letters, capitals) that must give the same index term, and pairs that begin alike but must stay apart.
"""

import pytest

from primaria.search.text import (
    analyze,
    content_terms,
    count_phrase,
    fold,
    normalize,
    parse_query,
    snippet,
    term,
)

SAME_WORD = [
    # bare singular ↔ articulated, genitive/dative, plural, articulated plural, genitive plural
    ("consiliu", "consiliului"), ("consiliu", "consiliul"), ("consiliu", "consiliile"), ("consiliu", "consiliilor"),
    ("consiliu", "consilii"),
    ("hotărâre", "hotărârii"), ("hotărâre", "hotărârea"), ("hotărâre", "hotărârile"), ("hotărâre", "hotărârilor"),
    ("hotarare", "HOTĂRÂRII"), ("hotărâre", "hotărâri"),
    ("certificat", "certificatul"), ("certificat", "certificatului"), ("certificat", "certificatele"),
    ("certificat", "CERTIFICATELOR"), ("certificat", "certificate"),
    ("adeverință", "adeverinței"), ("adeverinta", "adeverința"), ("adeverinta", "adeverinţele"),
    ("adeverinta", "adeverințelor"),
    ("divorț", "divorțul"), ("divort", "divorţului"), ("divorț", "divorțuri"), ("divort", "divorțurile"),
    ("căsătorie", "căsătoriei"), ("casatorie", "căsătoria"), ("casatorie", "căsătorii"),
    ("casatorie", "căsătoriile"), ("casatorie", "căsătoriilor"),
    ("naștere", "nașterii"), ("nastere", "naşterea"), ("nastere", "nașterile"), ("nastere", "NAȘTERILOR"),
    ("autorizație", "autorizației"), ("autorizatie", "autorizaţia"), ("autorizatie", "AUTORIZAȚIILE"),
    ("autorizatie", "autorizațiilor"), ("autorizatie", "Autorizatii"),
    ("taxă", "taxei"), ("taxa", "taxele"), ("taxa", "taxelor"), ("taxă", "taxe"),
    ("cerere", "cererii"), ("cerere", "cererea"), ("cerere", "cererile"), ("cerere", "cererilor"),
    ("impozit", "impozitul"), ("impozit", "impozitului"), ("impozit", "impozitele"), ("impozit", "impozitelor"),
    ("teren", "terenului"), ("teren", "terenurile"), ("teren", "terenurilor"),
    ("serviciu", "serviciului"), ("serviciu", "serviciile"), ("serviciu", "serviciilor"),
    ("primărie", "primăriei"), ("primarie", "primăriile"),
    ("nume", "numele"), ("nume", "numelui"),
    ("lege", "legii"), ("lege", "legile"), ("lege", "legilor"),
    ("contribuabil", "contribuabilului"), ("contribuabil", "contribuabilii"), ("contribuabil", "contribuabililor"),
    ("proprietate", "proprietății"), ("proprietate", "proprietățile"),
    ("persoană", "persoanei"), ("persoana", "persoanele"), ("persoana", "persoanelor"),
    ("locuință", "locuinței"), ("construcție", "construcţiilor"), ("declarație", "declarațiile"),
    ("dispoziție", "dispoziția"), ("dispozitie", "dispozițiile"),
    ("vehicul", "vehiculul"), ("vehicul", "vehiculului"), ("vehicul", "vehiculele"),
    ("an", "anul"), ("an", "anilor"), ("birou", "biroului"), ("birou", "birourile"),
    ("civil", "civile"), ("civilă", "civilei"), ("mobil", "mobile"), ("impozabil", "impozabile"),
    ("stradă", "străzii"), ("strada", "străzile"), ("școală", "școlii"), ("scoala", "şcolile"),
    ("cetățean", "cetățenii"), ("cetatean", "cetățenilor"), ("cetățeanul", "cetăţeni"),
    ("zi", "zile"), ("zi", "zilele"), ("ziua", "zilei"), ("număr", "numerele"), ("om", "oamenilor"),
    # â and î are the same letter; ş/ș and ţ/ț the same letters
    ("România", "Romania"), ("şantier", "șantierului"), ("ţară", "țării"),
]

DIFFERENT_WORDS = [
    ("casă", "casier"), ("carte", "cartier"), ("consiliu", "consilier"), ("port", "portar"), ("act", "activ"),
    ("pas", "pașaport"), ("mare", "marfă"), ("sat", "satisfacție"), ("lege", "legitimație"), ("an", "anunț"),
    ("cap", "capitol"), ("mod", "model"), ("apă", "apel"), ("cer", "cerere"), ("bun", "bunic"), ("lot", "loterie"),
    ("copil", "copie"), ("teren", "terasă"), ("certificat", "certitudine"), ("divorț", "diversitate"),
]


@pytest.mark.parametrize(("one", "other"), SAME_WORD)
def test_forms_of_a_word_meet(one, other):
    assert analyze(one) == analyze(other), (one, other, analyze(one), analyze(other))


@pytest.mark.parametrize(("one", "other"), DIFFERENT_WORDS)
def test_words_that_begin_alike_stay_apart(one, other):
    assert analyze(one) != analyze(other), (one, other, analyze(one))


def test_one_term_per_word_in_order_and_numbers_kept():
    assert analyze("Certificatul de naștere nr. 125/2019") == [term("certificat"), "de", term("nastere"), "nr",
                                                                  "125", "2019"]
    assert term("ŞCOALA") == term("școala") == term("scoala")
    assert analyze("") == [] and analyze(" ;, ") == []


def test_letters_with_combining_marks_are_one_letter():
    assert analyze("s\u0326coala") == analyze("școala")  # s + combining comma below (OCR, some PDFs)
    assert normalize("autorizaţie") == "autorizație"
    assert fold("ÎNȚELEGERE şi ţara") == "INTELEGERE si tara"


def test_stop_words_do_not_count_in_content_terms():
    assert content_terms("certificat de naștere") == content_terms("certificat pentru nastere") == \
        [term("certificat"), term("nastere")]
    assert content_terms("de la") == ["de", "la"]  # nothing else: kept


def test_snippets_mark_every_form_of_the_word():
    query = parse_query("hotarare consiliu")
    marked = snippet("Prin HOTĂRÂREA nr. 3 a Consiliului Local, hotărârile anterioare se abrogă.", query)
    assert "<mark>HOTĂRÂREA</mark>" in marked
    assert "<mark>Consiliului</mark>" in marked
    assert "<mark>hotărârile</mark>" in marked
    assert "<mark>Local</mark>" not in marked


@pytest.mark.parametrize(("n", "text"), [
    (0, "0 servicii găsite"), (1, "1 serviciu găsit"), (2, "2 servicii găsite"), (19, "19 servicii găsite"),
    (20, "20 de servicii găsite"), (21, "21 de servicii găsite"), (99, "99 de servicii găsite"),
    (100, "100 de servicii găsite"), (101, "101 servicii găsite"), (119, "119 servicii găsite"),
    (120, "120 de servicii găsite"), (1000, "1.000 de servicii găsite"), (1005, "1.005 servicii găsite"),
])
def test_counts_in_romanian(n, text):
    assert count_phrase(n, "serviciu găsit", "servicii găsite") == text


@pytest.mark.parametrize(("one", "other"), [
    ("hotărîre", "hotărâre"), ("cîmp", "câmp"), ("Romînia", "România"), ("hotărîrii", "hotarare"),
    ("înregistrare", "inregistrare"), ("neînregistrat", "neinregistrat"), ("subînchiriere", "subinchiriere"),
    ("coborî", "cobori"), ("ÎNREGISTRAREA", "înregistrării"),
])
def test_a_and_i_with_circumflex_in_old_and_new_spelling(one, other):
    assert analyze(one) == analyze(other)
