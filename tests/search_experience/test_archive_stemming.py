"""The archive's engines share the analyzer: every engine finds a page by any form of its words, and an index
built with another analyzer version is refused until it is rebuilt."""

import io

import pytest
from django.db import connection

from primaria.search.engines import Filters, IndexedPage, engines
from primaria.search.text import parse_query

PAGES = [
    IndexedPage(1, 1, "Hotărârea Consiliului Local nr. 12 privind taxele locale.", institution_id=1, department_id=1),
    IndexedPage(2, 1, "Consiliul local a adoptat hotărârile din ședința ordinară.", institution_id=1, department_id=1),
    IndexedPage(3, 1, "Consilierul local Popescu a propus o hotărâre.", institution_id=1, department_id=1),
    IndexedPage(4, 1, "CERTIFICATUL DE NAŞTERE al copilului a fost eliberat.", institution_id=1, department_id=1),
    IndexedPage(5, 1, "Cererile de divorţ se depun la starea civilă; căsătoriile se oficiază în sala mare.",
                institution_id=1, department_id=1),
    IndexedPage(6, 1, "Casierul primăriei încasează taxa.", institution_id=1, department_id=1),
]

ENGINES = ["tantivy", "memory"] + (["postgres"] if connection.vendor == "postgresql" else [])

CASES = [
    ("consiliu", {1, 2}),               # consiliului, consiliul; not consilierul
    ("consiliului", {1, 2}),
    ("hotarare", {1, 2, 3}),            # hotărârea, hotărârile, hotărâre
    ("hotărârii", {1, 2, 3}),
    ("HOTĂRÎRE", {1, 2, 3}),            # old spelling, capitals
    ("consilier", {3}),
    ("certificat nastere", {4}),
    ("certificatele nașterilor", {4}),
    ('"certificat de nastere"', {4}),   # a phrase still matches word by word, in order
    ("divort", {5}),
    ("casatorie", {5}),
    ("casa", set()),                    # casierul is another word
    ("taxă", {1, 6}),                   # taxele, taxa
]


@pytest.fixture(params=ENGINES)
def engine(request, settings, tmp_path):
    if request.param == "postgres":
        request.getfixturevalue("db")
    settings.PRIMARIA_SEARCH_DIR = str(tmp_path / "search")
    chosen = engines[request.param]
    chosen.rebuild(list(PAGES))
    return chosen


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_every_engine_finds_every_form(engine, query, expected):
    result = engine.search(parse_query(query), Filters(), limit=20)
    assert {hit.document_id for hit in result.hits} == expected
    assert result.total == len(expected)


def test_snippets_mark_the_forms_found(engine):
    result = engine.search(parse_query("hotarare consiliu"), Filters(), limit=20)
    snippets = {hit.document_id: hit.snippet for hit in result.hits}
    assert "<mark>Hotărârea</mark>" in snippets[1] and "<mark>Consiliului</mark>" in snippets[1]
    assert "<mark>hotărârile</mark>" in snippets[2]


def test_a_tantivy_index_of_the_old_analyzer_is_refused_then_rebuilt(settings, tmp_path):
    from pathlib import Path

    settings.PRIMARIA_SEARCH_DIR = str(tmp_path / "old")
    engine = engines["tantivy"]
    index_dir = Path(settings.PRIMARIA_SEARCH_DIR) / "archive"
    index_dir.mkdir(parents=True)
    (index_dir / "schema-version").write_text("1")  # as the previous analyzer left it
    (index_dir / "meta.json").write_text("{}")
    with pytest.raises(RuntimeError, match="archive_reindex"):
        engine.search(parse_query("consiliu"), Filters())
    assert engine.rebuild(list(PAGES)) == len(PAGES)
    assert {h.document_id for h in engine.search(parse_query("consiliu"), Filters()).hits} == {1, 2}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the postgres engine needs PostgreSQL")
@pytest.mark.django_db
def test_a_postgres_table_of_the_old_analyzer_is_refused_then_rebuilt():
    engine = engines["postgres"]
    engine.rebuild(list(PAGES))
    with connection.cursor() as cursor:
        cursor.execute("COMMENT ON TABLE search_pg_page IS 'analyzer 1'")
    with pytest.raises(RuntimeError, match="archive_reindex"):
        engine.search(parse_query("consiliu"), Filters())
    engine.rebuild(list(PAGES))
    assert {h.document_id for h in engine.search(parse_query("consiliu"), Filters()).hits} == {1, 2}


@pytest.mark.django_db
def test_archive_reindex_command_rebuilds_an_old_index(settings, tmp_path):
    from pathlib import Path

    from django.core.management import call_command

    settings.PRIMARIA_SEARCH_DIR = str(tmp_path / "cmd")
    settings.PRIMARIA_SEARCH_ENGINE = "tantivy"
    index_dir = Path(settings.PRIMARIA_SEARCH_DIR) / "archive"
    index_dir.mkdir(parents=True)
    (index_dir / "schema-version").write_text("1")
    call_command("archive_reindex", stdout=io.StringIO())
    assert engines["tantivy"].count() == 0
    assert (index_dir / "schema-version").read_text() != "1"
