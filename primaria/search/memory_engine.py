"""A plain-Python engine: the reference implementation of the interface, for tests and comparisons.

It keeps an inverted index in this process (lost on restart), uses the same analyzer as the other engines
and scores with BM25, so results can be compared with tantivy's on small collections.
"""

import math
import threading
from collections import defaultdict

from django.utils.translation import gettext_lazy

from .engines import Hit, Results, SearchEngine, engines
from .tantivy_engine import doc_type_term
from .text import analyze, snippet


@engines.register
class MemoryEngine(SearchEngine):
    identifier = "memory"
    verbose_name = gettext_lazy("În memorie (teste, comparații)")

    def __init__(self):
        self._lock = threading.Lock()
        self.clear()

    def clear(self):
        self._pages = {}  # (document_id, page) -> (IndexedPage, text terms, meta terms)
        self._postings = defaultdict(set)  # term -> {(document_id, page)}
        self._by_document = defaultdict(set)

    def _remove(self, document_id):
        for key in self._by_document.pop(document_id, set()):
            _page, terms, meta = self._pages.pop(key)
            for term in set(terms) | set(meta):
                self._postings[term].discard(key)

    def _add(self, page):
        key = (page.document_id, page.page)
        if key in self._pages:
            self._remove(page.document_id)
        terms, meta = analyze(page.text), analyze(page.meta)
        self._pages[key] = (page, terms, meta)
        self._by_document[page.document_id].add(key)
        for term in set(terms) | set(meta):
            self._postings[term].add(key)

    def replace(self, document_ids, pages) -> None:
        with self._lock:
            for document_id in set(document_ids):
                self._remove(int(document_id))
            for page in pages:
                self._add(page)

    def rebuild(self, pages) -> int:
        with self._lock:
            self.clear()
            for page in pages:
                self._add(page)
            return len(self._pages)

    def count(self) -> int:
        return len(self._pages)

    def document_ids(self) -> set[int]:
        return set(self._by_document)

    @staticmethod
    def _contains(terms, clause) -> int:
        """How often the clause (a term or a phrase) occurs in the terms."""
        n = len(clause)
        return sum(1 for i in range(len(terms) - n + 1) if tuple(terms[i:i + n]) == clause)

    def _allowed(self, page, filters) -> bool:
        return not (
            (filters.institution_ids is not None and page.institution_id not in filters.institution_ids)
            or (filters.department_ids is not None and page.department_id not in filters.department_ids)
            or (filters.public_only and not page.public)
            or (filters.year and page.year != int(filters.year))
            or (filters.entry_id and page.entry_id != int(filters.entry_id))
            or (filters.doc_type and doc_type_term(page.doc_type) != doc_type_term(filters.doc_type))
        )

    def search(self, query, filters, *, limit=20, offset=0) -> Results:
        if query.empty or filters.denies_everything:
            return Results()
        with self._lock:
            candidates = None
            for clause in query.clauses:
                keys = set.intersection(*(self._postings.get(t, set()) for t in clause))
                candidates = keys if candidates is None else candidates & keys
            total_pages = max(1, len(self._pages))
            average = sum(len(t) for _p, t, _m in self._pages.values()) / total_pages
            scored = []
            for key in candidates or ():
                page, terms, meta = self._pages[key]
                if not self._allowed(page, filters):
                    continue
                if any(self._contains(terms, c) or self._contains(meta, c) for c in query.excluded):
                    continue
                score, ok = 0.0, True
                for clause in query.clauses:
                    tf, tf_meta = self._contains(terms, clause), self._contains(meta, clause)
                    if not tf and not tf_meta:
                        ok = False
                        break
                    df = len(set.intersection(*(self._postings.get(t, set()) for t in clause)))
                    idf = math.log(1 + (total_pages - df + 0.5) / (df + 0.5))
                    score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len(terms) / max(average, 1))) + 1.5 * idf * bool(tf_meta)
                if ok:
                    scored.append((score, page))
        scored.sort(key=lambda item: (-item[0], item[1].document_id, item[1].page))
        hits = [Hit(document_id=p.document_id, page=p.page, score=s, snippet=self.snippet(p.text, query))
                for s, p in scored[offset:offset + limit]]
        return Results(hits=hits, total=len(scored))

    @staticmethod
    def snippet(text, query) -> str:
        return snippet(text, query)
