"""Romanian search behind the engine interface: diacritics, cedilla letters, stemming, phrases, filters.

Every case runs on the tantivy engine (the default), the in-memory reference engine and, on PostgreSQL,
the PostgreSQL engine, with the same normalisation and analyzer.
"""

import pytest
from django.db import connection

from primaria.search.engines import Filters, IndexedPage, engines
from primaria.search.text import analyze, fold, normalize, parse_query

PAGES = [
    # document 1: comma-below letters, as they should be written
    IndexedPage(1, 1, "Titularul autorizației de construire răspunde de siguranța șantierului.", meta="Autorizație",
                institution_id=1, department_id=10, entry_id=100, year=2019, doc_type="Autorizație de construire", public=False),
    # document 2: cedilla letters, as Tesseract and old documents write them
    IndexedPage(2, 1, "Se eliberează autorizaţie pentru construcţii pe strada Florilor nr. 3.",
                institution_id=1, department_id=10, entry_id=100, year=2020, doc_type="Autorizație de construire", public=True),
    # document 3: capitals, plural
    IndexedPage(3, 1, "REGISTRUL AUTORIZAȚIILOR ȘI AL CERTIFICATELOR DE URBANISM", institution_id=1, department_id=11,
                entry_id=101, year=2020, doc_type="Registru", public=False),
    IndexedPage(3, 2, "Florilor strada este numele vechi; impozitele pe clădiri se plătesc la casierie.",
                institution_id=1, department_id=11, entry_id=101, year=2020, doc_type="Registru", public=False),
    # document 4: another institution, no diacritics at all
    IndexedPage(4, 1, "Autorizatii de functionare si certificatul de atestare fiscala.", institution_id=2,
                department_id=20, entry_id=200, year=2021, doc_type="Autorizație de funcționare", public=True),
]

ENGINES = ["tantivy", "memory"] + (["postgres"] if connection.vendor == "postgresql" else [])


@pytest.fixture(params=ENGINES)
def engine(request, settings, tmp_path):
    if request.param == "postgres":
        request.getfixturevalue("db")
    settings.PRIMARIA_SEARCH_DIR = str(tmp_path / "search")
    chosen = engines[request.param]
    chosen.rebuild(list(PAGES))
    return chosen


def found(engine, text, **filters):
    result = engine.search(parse_query(text), Filters(**filters), limit=20)
    return {(hit.document_id, hit.page) for hit in result.hits}


def test_normalisation_maps_cedilla_to_comma_below_and_folds():
    assert normalize("autorizaţie ŞCOALĂ") == "autorizație ȘCOALĂ"
    assert normalize("s\u0326i t\u0326ara") == "și țara"  # letter + combining comma (OCR, some PDFs)
    assert fold("Autorizaţiei ÎNȚELEGERE șoseaua") == "Autorizatiei INTELEGERE soseaua"
    assert analyze("autorizatie") == analyze("autorizației") == analyze("autorizaţie") == analyze("AUTORIZAȚII")


def test_query_without_diacritics_finds_comma_cedilla_and_capitals(engine):
    # "autorizatie" finds "autorizației" (doc 1), "autorizaţie" with a cedilla (doc 2), "AUTORIZAȚIILOR" (doc 3)
    # and "Autorizatii" typed without diacritics (doc 4).
    assert found(engine, "autorizatie") == {(1, 1), (2, 1), (3, 1), (4, 1)}
    assert found(engine, "autorizaţie") == found(engine, "AUTORIZAȚII") == found(engine, "autorizatie")


def test_romanian_stemming(engine):
    assert found(engine, "certificat") == {(3, 1), (4, 1)}  # CERTIFICATELOR, certificatul
    assert found(engine, "impozit") == {(3, 2)}  # impozitele
    assert found(engine, "constructiile") == {(2, 1)}  # construcţii
    assert found(engine, "santier") == {(1, 1)}  # șantierului


def test_phrases_keep_word_order(engine):
    assert found(engine, '"strada Florilor"') == {(2, 1)}
    assert found(engine, "strada Florilor") == {(2, 1), (3, 2)}


def test_all_words_are_required_and_minus_excludes(engine):
    assert found(engine, "autorizatie urbanism") == {(3, 1)}
    assert found(engine, "autorizatie -functionare") == {(1, 1), (2, 1), (3, 1)}


def test_filters(engine):
    assert found(engine, "autorizatie", year=2020) == {(2, 1), (3, 1)}
    assert found(engine, "autorizatie", department_ids=frozenset({10})) == {(1, 1), (2, 1)}
    assert found(engine, "autorizatie", institution_ids=frozenset({2})) == {(4, 1)}
    assert found(engine, "autorizatie", institution_ids=frozenset({1, 2})) == {(1, 1), (2, 1), (3, 1), (4, 1)}
    assert found(engine, "autorizatie", entry_id=101) == {(3, 1)}
    assert found(engine, "autorizatie", doc_type="Autorizatie de construire") == {(1, 1), (2, 1)}
    assert found(engine, "autorizatie", public_only=True) == {(2, 1), (4, 1)}
    assert found(engine, "autorizatie", department_ids=frozenset()) == set()


def test_snippets_highlight_the_words_as_written(engine):
    result = engine.search(parse_query("autorizatie"), Filters(department_ids=frozenset({10})), limit=20)
    snippets = {hit.document_id: hit.snippet for hit in result.hits}
    assert "<mark>autorizației</mark>" in snippets[1]
    assert "<mark>autorizaţie</mark>" in snippets[2]  # shown as it was scanned
    assert result.total == 2


def test_replace_is_idempotent_and_removes(engine):
    engine.replace([2], [PAGES[1]])
    engine.replace([2], [PAGES[1]])
    assert found(engine, "Florilor") == {(2, 1), (3, 2)}
    engine.replace([2], [])
    assert found(engine, "Florilor") == {(3, 2)}
    assert engine.document_ids() == {1, 3, 4}


def test_a_query_that_is_only_punctuation_finds_nothing(engine):
    assert found(engine, '"" - ; ,') == set()
