"""The search engine interface. Engines are plugins in `registry("search_engines")`.

An engine indexes pages (`IndexedPage`): the unit of a hit is one page of one document, so that a result
can open the PDF at that page. Whoever owns the documents (the archive) keeps the engine in step with
the database through background jobs: `replace` puts the current pages of some documents in place of
whatever the engine held for them (an empty list removes them), `rebuild` starts over from all pages.

Engines:
* `tantivy` (default): an embedded Rust index in `settings.PRIMARIA_SEARCH_DIR`; one writer at a time.
* `memory`: a plain Python index in this process, for tests and as a reference implementation.
* `postgres`: PostgreSQL ranked full-text search over the same terms, for comparison.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings

from primaria.core.plugins import Plugin, registry

from .text import SNIPPET_CHARS, ParsedQuery  # noqa: F401  (SNIPPET_CHARS: for the engines)

engines = registry("search_engines")


@dataclass
class IndexedPage:
    document_id: int
    page: int
    text: str
    meta: str = ""  # title, keywords, issuer: indexed with the first page only
    institution_id: int = 0
    department_id: int = 0
    entry_id: int = 0
    year: int = 0
    doc_type: str = ""
    public: bool = False


@dataclass(frozen=True)
class Filters:
    """Restrictions on what a search may return. None means: no restriction on that field.

    `institution_ids` and `department_ids` come from the person's access rights (never from the form);
    a page is returned only if it matches every restriction given.
    """

    institution_ids: frozenset | None = None
    department_ids: frozenset | None = None
    public_only: bool = False
    year: int | None = None
    entry_id: int | None = None
    doc_type: str | None = None

    @property
    def denies_everything(self) -> bool:
        return (self.institution_ids is not None and not self.institution_ids) or (
            self.department_ids is not None and not self.department_ids
        )


@dataclass
class Hit:
    document_id: int
    page: int
    score: float
    snippet: str  # HTML: the page text escaped, the matched words in <mark>


@dataclass
class Results:
    hits: list = field(default_factory=list)
    total: int = 0


class SearchEngine(Plugin):
    """What every engine offers. Implementations must treat `replace` as idempotent."""

    def replace(self, document_ids: Iterable[int], pages: Iterable[IndexedPage]) -> None:
        raise NotImplementedError

    def rebuild(self, pages: Iterable[IndexedPage]) -> int:
        raise NotImplementedError

    def search(self, query: ParsedQuery, filters: Filters, *, limit: int = 20, offset: int = 0) -> Results:
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def document_ids(self) -> set[int]:
        """Which documents the engine holds (for consistency checks)."""
        raise NotImplementedError


def search_engine() -> SearchEngine:
    """The configured engine (settings.PRIMARIA_SEARCH_ENGINE)."""
    return engines[getattr(settings, "PRIMARIA_SEARCH_ENGINE", "tantivy")]

