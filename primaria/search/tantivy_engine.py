"""The default engine: tantivy (a Rust search library, like Lucene) embedded in the process.

The index lives in `settings.PRIMARIA_SEARCH_DIR/archive`. Any number of processes read it; one writes
at a time: writers take an exclusive `flock` on `writer.lock` before opening tantivy's writer, so index
jobs running in several huey workers (or a rebuild) wait for each other instead of failing on tantivy's
own lock. Readers notice a commit by the modification time of `meta.json` and reload.
"""

import contextlib
import fcntl
import html
import threading
from pathlib import Path

from django.conf import settings

from .engines import SNIPPET_CHARS, Hit, IndexedPage, Results, SearchEngine, engines
from .text import ANALYZER_NAME, analyzer, fold

SCHEMA_VERSION = "1"
META_BOOST = 1.5


def _schema():
    from tantivy import SchemaBuilder

    builder = SchemaBuilder()
    builder.add_integer_field("document_id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("page", stored=True)
    builder.add_text_field("text", stored=True, tokenizer_name=ANALYZER_NAME, index_option="position")
    builder.add_text_field("meta", stored=False, tokenizer_name=ANALYZER_NAME, index_option="position")
    builder.add_integer_field("institution", indexed=True)
    builder.add_integer_field("department", indexed=True)
    builder.add_integer_field("entry", indexed=True)
    builder.add_integer_field("year", indexed=True)
    builder.add_integer_field("public", indexed=True)
    builder.add_text_field("doc_type", tokenizer_name="raw", index_option="basic")
    return builder.build()


def doc_type_term(value: str) -> str:
    return fold(value).lower().strip()


@engines.register
class TantivyEngine(SearchEngine):
    identifier = "tantivy"
    verbose_name = "Tantivy (index încorporat)"

    def __init__(self):
        self._guard = threading.Lock()
        self._open: dict[str, dict] = {}

    # --- the index on disk ---------------------------------------------------------------------------

    def path(self) -> Path:
        return Path(settings.PRIMARIA_SEARCH_DIR) / "archive"

    def _state(self) -> dict:
        from tantivy import Index

        path = self.path()
        key = str(path)
        with self._guard:
            state = self._open.get(key)
            if state is None:
                path.mkdir(parents=True, exist_ok=True)
                version = path / "schema-version"
                if version.exists() and version.read_text().strip() != SCHEMA_VERSION:
                    raise RuntimeError(
                        f"Indexul din {path} are altă versiune de schemă; rulați `manage.py archive_reindex`."
                    )
                index = Index(_schema(), path=key, reuse=True)
                index.register_tokenizer(ANALYZER_NAME, analyzer())
                version.write_text(SCHEMA_VERSION)
                state = self._open[key] = {"index": index, "stamp": None, "cover": {}}
            stamp = self._stamp(path)
            if stamp != state["stamp"]:
                state["index"].reload()
                state["stamp"] = stamp
                state["cover"] = {}
            return state

    @staticmethod
    def _stamp(path: Path):
        try:
            stat = (path / "meta.json").stat()
        except FileNotFoundError:
            return None
        return (stat.st_mtime_ns, stat.st_size)

    @contextlib.contextmanager
    def _writer(self, *, heap_size=64_000_000, threads=1):
        path = self.path()
        path.mkdir(parents=True, exist_ok=True)
        with open(path / "writer.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one writer on this machine; the others wait here
            try:
                writer = self._state()["index"].writer(heap_size, threads)
                try:
                    yield writer
                except BaseException:
                    writer.rollback()
                    raise
                writer.commit()
                writer.wait_merging_threads()
            finally:
                writer = None
                fcntl.flock(lock, fcntl.LOCK_UN)

    @staticmethod
    def _document(page: IndexedPage):
        from tantivy import Document

        document = Document(
            document_id=page.document_id, page=page.page, text=page.text, institution=page.institution_id,
            department=page.department_id, entry=page.entry_id, year=page.year, public=int(page.public),
        )
        if page.meta:
            document.add_text("meta", page.meta)
        if page.doc_type:
            document.add_text("doc_type", doc_type_term(page.doc_type))
        return document

    # --- writing -------------------------------------------------------------------------------------

    def replace(self, document_ids, pages) -> None:
        with self._writer() as writer:
            for document_id in set(document_ids):
                writer.delete_documents_by_term("document_id", int(document_id))
            for page in pages:
                writer.add_document(self._document(page))

    def rebuild(self, pages) -> int:
        count = 0
        with self._writer(heap_size=512_000_000, threads=2) as writer:
            writer.delete_all_documents()
            for page in pages:
                writer.add_document(self._document(page))
                count += 1
        return count

    # --- reading -------------------------------------------------------------------------------------

    def count(self) -> int:
        return self._state()["index"].searcher().num_docs

    def document_ids(self) -> set[int]:
        from tantivy import Query

        searcher = self._state()["index"].searcher()
        result = searcher.search(Query.all_query(), limit=max(1, searcher.num_docs), count=False)
        return {searcher.doc(address).get_first("document_id") for _score, address in result.hits}

    @staticmethod
    def _clause(schema, terms):
        from tantivy import Occur, Query

        if len(terms) == 1:
            text = Query.term_query(schema, "text", terms[0])
            meta = Query.term_query(schema, "meta", terms[0])
        else:
            text = Query.phrase_query(schema, "text", list(terms))
            meta = Query.phrase_query(schema, "meta", list(terms))
        return Query.boolean_query([(Occur.Should, text), (Occur.Should, Query.boost_query(meta, META_BOOST))])

    def _restriction(self, state, searcher, schema, field, values):
        """A filter on a set of values, or None when every page in the index matches it anyway."""
        from tantivy import Query

        values = sorted(int(v) for v in values)
        query = Query.term_set_query(schema, field, values)
        key = (field, tuple(values))
        covers = state["cover"].get(key)
        if covers is None:
            covers = searcher.search(query, limit=1, count=True).count >= searcher.num_docs
            state["cover"][key] = covers
        return None if covers else query

    def search(self, query, filters, *, limit=20, offset=0) -> Results:
        from tantivy import Occur, Query, SnippetGenerator

        if query.empty or filters.denies_everything:
            return Results()
        state = self._state()
        index = state["index"]
        schema = index.schema
        searcher = index.searcher()
        clauses = [self._clause(schema, terms) for terms in query.clauses]
        text_query = clauses[0] if len(clauses) == 1 else Query.boolean_query([(Occur.Must, c) for c in clauses])
        parts = [(Occur.Must, text_query)]
        parts += [(Occur.MustNot, self._clause(schema, terms)) for terms in query.excluded]
        restrictions = []
        if filters.institution_ids is not None:
            restrictions.append(self._restriction(state, searcher, schema, "institution", filters.institution_ids))
        if filters.department_ids is not None:
            restrictions.append(self._restriction(state, searcher, schema, "department", filters.department_ids))
        if filters.public_only:
            restrictions.append(Query.term_query(schema, "public", 1))
        if filters.year:
            restrictions.append(Query.term_query(schema, "year", int(filters.year)))
        if filters.entry_id:
            restrictions.append(Query.term_query(schema, "entry", int(filters.entry_id)))
        if filters.doc_type:
            restrictions.append(Query.term_query(schema, "doc_type", doc_type_term(filters.doc_type)))
        parts += [(Occur.Must, Query.const_score_query(r, 0.0)) for r in restrictions if r is not None]
        final = text_query if len(parts) == 1 else Query.boolean_query(parts)
        result = searcher.search(final, limit=limit, offset=offset, count=True)
        hits = []
        if result.hits:
            snippets = SnippetGenerator.create(searcher, text_query, schema, "text")
            snippets.set_max_num_chars(SNIPPET_CHARS)
            for score, address in result.hits:
                document = searcher.doc(address)
                page_text = document.get_first("text") or ""
                snippet = snippets.snippet_from_doc(document).to_html()
                if snippet:
                    snippet = snippet.replace("<b>", "<mark>").replace("</b>", "</mark>")
                else:  # the words are in the title or keywords, not on the page
                    snippet = html.escape(page_text[:SNIPPET_CHARS])
                hits.append(Hit(document_id=document.get_first("document_id"), page=document.get_first("page"),
                                score=score, snippet=snippet))
        return Results(hits=hits, total=result.count)

    def check_config(self):
        from primaria.core.plugins import HealthReport

        try:
            pages = self.count()
        except Exception as exc:  # noqa: BLE001 - shown to the admin as is
            return HealthReport(ok=False, message=f"Indexul de căutare nu se deschide: {exc}")
        return HealthReport(ok=True, message=f"{pages} pagini indexate în {self.path()}.")
