"""PostgreSQL ranked full-text search over the same terms, kept for comparison with tantivy.

The table `search_pg_page` (created on first use, PostgreSQL only) holds each page with a `tsvector` made
from our own analyzer's terms (configuration 'simple', so PostgreSQL neither stems nor folds again and the
matching is exactly tantivy's). Ranking is `ts_rank_cd`, which PostgreSQL must compute for every matching
page before it can return the first 20: that is why a common word costs hundreds of milliseconds at a few
hundred thousand pages (see docs/benchmarks.md). Snippets come from the Python highlighter.

The table's comment names the analyzer version its terms were made with; a table of another version is
refused (searching it would silently miss) until `manage.py archive_reindex` rebuilds it.
"""

from django.db import connections
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .engines import Hit, Results, SearchEngine, engines
from .tantivy_engine import doc_type_term
from .text import ANALYZER_VERSION, analyze, snippet

DDL = """
CREATE TABLE IF NOT EXISTS search_pg_page (
    document_id bigint NOT NULL, page integer NOT NULL, text text NOT NULL, terms tsvector NOT NULL,
    institution bigint NOT NULL, department bigint NOT NULL, entry bigint NOT NULL, year integer NOT NULL,
    doc_type text NOT NULL, public boolean NOT NULL, PRIMARY KEY (document_id, page));
CREATE INDEX IF NOT EXISTS search_pg_page_terms ON search_pg_page USING gin (terms);
"""


def _tsquery(clauses, excluded) -> str:
    def part(terms):
        quoted = [f"'{t}'" for t in terms if t.replace("_", "").isalnum()]
        return "(" + " <-> ".join(quoted) + ")" if quoted else ""

    parts = [p for p in (part(c) for c in clauses) if p]
    parts += ["!" + p for p in (part(c) for c in excluded) if p]
    return " & ".join(parts)


@engines.register
class PostgresEngine(SearchEngine):
    identifier = "postgres"
    verbose_name = gettext_lazy("PostgreSQL (căutare full-text, pentru comparație)")
    using = "default"  # the database alias (a benchmark may point it elsewhere)

    @property
    def connection(self):
        return connections[self.using]

    VERSION_COMMENT = f"analyzer {ANALYZER_VERSION}"

    def _ready(self, *, check_version=True):
        if self.connection.vendor != "postgresql":
            raise RuntimeError(_("Motorul „postgres” are nevoie de PostgreSQL (DATABASE_URL)."))
        with self.connection.cursor() as cursor:
            cursor.execute(DDL)
            if not check_version:
                return
            cursor.execute("SELECT obj_description('search_pg_page'::regclass, 'pg_class'), "
                           "EXISTS (SELECT 1 FROM search_pg_page)")
            comment, filled = cursor.fetchone()
            if comment == self.VERSION_COMMENT:
                return
            if filled:
                raise RuntimeError(_("Tabelul search_pg_page are termenii altei versiuni a analizorului; "
                                   "rulați `manage.py archive_reindex`."))
            cursor.execute(f"COMMENT ON TABLE search_pg_page IS '{self.VERSION_COMMENT}'")

    @staticmethod
    def _row(page):
        vector = " ".join(analyze(page.text))
        meta = " ".join(analyze(page.meta))
        return (page.document_id, page.page, page.text, vector, meta, page.institution_id, page.department_id,
                page.entry_id, page.year, doc_type_term(page.doc_type), page.public)

    _INSERT = (
        "INSERT INTO search_pg_page VALUES (%s, %s, %s, to_tsvector('simple', %s) || "
        "setweight(to_tsvector('simple', %s), 'A'), %s, %s, %s, %s, %s, %s)"
    )

    def replace(self, document_ids, pages) -> None:
        self._ready()
        with self.connection.cursor() as cursor:
            ids = [int(i) for i in set(document_ids)]
            if ids:
                cursor.execute("DELETE FROM search_pg_page WHERE document_id = ANY(%s)", [ids])
            cursor.executemany(self._INSERT, [self._row(p) for p in pages])

    def rebuild(self, pages) -> int:
        self._ready(check_version=False)
        count, batch = 0, []
        with self.connection.cursor() as cursor:
            cursor.execute("TRUNCATE search_pg_page")
            cursor.execute(f"COMMENT ON TABLE search_pg_page IS '{self.VERSION_COMMENT}'")
            for page in pages:
                batch.append(self._row(page))
                if len(batch) >= 2000:
                    cursor.executemany(self._INSERT, batch)
                    count += len(batch)
                    batch = []
            cursor.executemany(self._INSERT, batch)
            count += len(batch)
            cursor.execute("ANALYZE search_pg_page")
        return count

    def count(self) -> int:
        self._ready()
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_pg_page")
            return cursor.fetchone()[0]

    def document_ids(self) -> set[int]:
        self._ready()
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT document_id FROM search_pg_page")
            return {row[0] for row in cursor.fetchall()}

    def search(self, query, filters, *, limit=20, offset=0) -> Results:
        if query.empty or filters.denies_everything:
            return Results()
        tsquery = _tsquery(query.clauses, query.excluded)
        if not tsquery:
            return Results()
        self._ready()
        where, params = ["terms @@ to_tsquery('simple', %s)"], [tsquery]
        if filters.institution_ids is not None:
            where.append("institution = ANY(%s)")
            params.append(sorted(filters.institution_ids))
        if filters.department_ids is not None:
            where.append("department = ANY(%s)")
            params.append(sorted(filters.department_ids))
        if filters.public_only:
            where.append("public")
        if filters.year:
            where.append("year = %s")
            params.append(int(filters.year))
        if filters.entry_id:
            where.append("entry = %s")
            params.append(int(filters.entry_id))
        if filters.doc_type:
            where.append("doc_type = %s")
            params.append(doc_type_term(filters.doc_type))
        condition = " AND ".join(where)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT document_id, page, text, ts_rank_cd(terms, to_tsquery('simple', %s)) AS rank "
                f"FROM search_pg_page WHERE {condition} ORDER BY rank DESC, document_id, page LIMIT %s OFFSET %s",
                [tsquery, *params, limit, offset],
            )
            rows = cursor.fetchall()
            cursor.execute(f"SELECT count(*) FROM search_pg_page WHERE {condition}", params)
            total = cursor.fetchone()[0]
        hits = [Hit(document_id=d, page=p, score=float(r), snippet=snippet(t, query)) for d, p, t, r in rows]
        return Results(hits=hits, total=total)

    def check_config(self):
        from primaria.core.plugins import HealthReport

        if self.connection.vendor != "postgresql":
            return HealthReport(ok=True, message=_("Neutilizat (doar pentru comparație, pe PostgreSQL)."))
        return HealthReport(ok=True, message=_("Disponibil pentru comparație."))
