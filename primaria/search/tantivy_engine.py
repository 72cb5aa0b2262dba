"""The default engine: tantivy (a Rust search library, like Lucene) embedded in the process.

The index lives in `settings.PRIMARIA_SEARCH_DIR/archive`. Any number of processes read it; one writes
at a time: writers take an exclusive `flock` on `writer.lock` before opening tantivy's writer, so index
jobs running in several huey workers (or a rebuild) wait for each other instead of failing on tantivy's
own lock. Readers notice a commit by the modification time of `meta.json` and reload.

Tantivy is given the terms of our own analyzer (`text.analyze`), separated by spaces, and splits them on
the spaces only: the engines then match exactly the same terms, and the catalog uses the same analyzer.
The page text is kept as stored bytes, for the snippets (`text.snippet`). An index written with another
schema or analyzer version is refused until `manage.py archive_reindex` rebuilds it.
"""

import contextlib
import fcntl
import shutil
import threading
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .engines import Hit, IndexedPage, Results, SearchEngine, engines
from .text import ANALYZER_VERSION, analyze, fold, snippet

SCHEMA_VERSION = f"2/{ANALYZER_VERSION}"
META_BOOST = 1.5
TERMS_TOKENIZER = "ro_terms"  # the analyzer's terms, separated by spaces


def _terms_tokenizer():
    from tantivy import TextAnalyzerBuilder, Tokenizer

    return TextAnalyzerBuilder(Tokenizer.whitespace()).build()


def _schema():
    from tantivy import SchemaBuilder

    builder = SchemaBuilder()
    builder.add_integer_field("document_id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("page", stored=True)
    builder.add_text_field("text", stored=False, tokenizer_name=TERMS_TOKENIZER, index_option="position")
    builder.add_text_field("meta", stored=False, tokenizer_name=TERMS_TOKENIZER, index_option="position")
    builder.add_bytes_field("body", stored=True, indexed=False)
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
    verbose_name = gettext_lazy("Tantivy (index încorporat)")

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
                        _("Indexul din %(path)s are altă versiune de schemă; rulați `manage.py archive_reindex`.") % {"path": path}
                    )
                index = Index(_schema(), path=key, reuse=True)
                index.register_tokenizer(TERMS_TOKENIZER, _terms_tokenizer())
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

    def _start_over(self, path: Path):
        """Remove an index of another schema or analyzer version (under the writer's lock), for a rebuild."""
        version = path / "schema-version"
        if not version.exists() or version.read_text().strip() == SCHEMA_VERSION:
            return
        with self._guard:
            self._open.pop(str(path), None)
        for child in path.iterdir():
            if child.name == "writer.lock":
                continue
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()

    @contextlib.contextmanager
    def _writer(self, *, heap_size=64_000_000, threads=1, start_over=False):
        path = self.path()
        path.mkdir(parents=True, exist_ok=True)
        with open(path / "writer.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one writer on this machine; the others wait here
            try:
                if start_over:
                    self._start_over(path)
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
            document_id=page.document_id, page=page.page, text=" ".join(analyze(page.text)),
            institution=page.institution_id, department=page.department_id, entry=page.entry_id, year=page.year,
            public=int(page.public),
        )
        document.add_bytes("body", page.text.encode())
        if page.meta:
            document.add_text("meta", " ".join(analyze(page.meta)))
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
        with self._writer(heap_size=512_000_000, threads=2, start_over=True) as writer:
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
        from tantivy import Occur, Query

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
        for score, address in result.hits:
            document = searcher.doc(address)
            page_text = bytes(document.get_first("body") or b"").decode()
            # (words found only in the title or keywords leave the page's beginning, unmarked)
            hits.append(Hit(document_id=document.get_first("document_id"), page=document.get_first("page"),
                            score=score, snippet=snippet(page_text, query)))
        return Results(hits=hits, total=result.count)

    def check_config(self):
        from primaria.core.plugins import HealthReport

        try:
            pages = self.count()
        except Exception as exc:  # noqa: BLE001 - shown to the admin as is
            return HealthReport(ok=False, message=_("Indexul de căutare nu se deschide: %(exc)s") % {"exc": exc})
        return HealthReport(ok=True, message=_("%(pages)s pagini indexate în %(path)s.") % {"pages": pages, "path": self.path()})
