from dataclasses import dataclass, field

from django.core.cache import caches
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from primaria.core.cache import content_key
from primaria.search.text import content_terms, count_phrase, normalize

from .models import Category, SearchSynonym, Service


def published_services(institution, *, category_code=""):
    """The city hall's services and those of its subordinate institutions, as one catalog."""
    qs = Service.objects.filter(
        Q(institution=institution) | Q(institution__parent=institution), active=True
    ).select_related("category", "department", "institution")
    if category_code:
        qs = qs.filter(category__code=category_code)
    return qs


# --- the catalog's search ---------------------------------------------------------------------------------

# How much a word counts where it is found: the name most, then the keywords, the summary, the category.
FIELD_WEIGHTS = (("name", 4.0), ("keywords", 3.0), ("summary", 2.0), ("category", 1.5), ("description", 1.0))
SYNONYM_WEIGHT = 0.8  # a service found through a synonym comes after one found by the words typed
MAX_QUERY_CHARS = 200


@dataclass
class CatalogSearch:
    query: str = ""
    services: list = field(default_factory=list)
    also_searched: list = field(default_factory=list)  # the synonyms' expansions that were looked for too

    @property
    def total(self) -> int:
        return len(self.services)

    @property
    def count_text(self) -> str:
        """"1 serviciu găsit", "2 servicii găsite", "20 de servicii găsite"."""
        if (get_language() or "ro").startswith("ro"):
            return count_phrase(self.total, "serviciu găsit", "servicii găsite")  # i18n: ro (Romanian grammar)
        return ngettext("%(count)s serviciu găsit", "%(count)s servicii găsite", self.total) % {"count": self.total}


def _service_text(service) -> tuple:
    return (service.pk, service.name, service.keywords, service.summary, service.category.name, service.description)


def _weights(text) -> dict:
    """Each term of a service and the weight of the best field it appears in."""
    _pk, *fields = text
    weights = {}
    for (_name, weight), value in zip(FIELD_WEIGHTS, fields, strict=True):
        for term in content_terms(value):
            if weights.get(term, 0) < weight:
                weights[term] = weight
    return weights


def _catalog_terms(services) -> dict:
    """The terms of every service, by service id: kept in this process under a digest of the very texts they
    come from, so a changed service is analysed again on its next search and nothing needs invalidating."""
    texts = [_service_text(s) for s in services]
    key = f"catalog:terms:{content_key(texts)}"
    local = caches["local"]
    terms = local.get(key)
    if terms is None:
        terms = {text[0]: _weights(text) for text in texts}
        local.set(key, terms, 3600)
    return terms


def _synonyms() -> dict:
    """term tuple -> [(expansion terms, expansion as written)]."""
    table = {}
    for term, expansion in SearchSynonym.objects.values_list("term", "expansion"):
        key, terms = tuple(content_terms(term)), tuple(content_terms(expansion))
        if key and terms and terms != key:
            table.setdefault(key, []).append((terms, expansion))
    return table


def _units(terms: list, synonyms: dict) -> list:
    """What a service must contain: one unit per word typed, or per phrase that has synonyms; a unit is met by
    any of its alternatives (the words typed, or one expansion), each a set of terms that must all be there."""
    units, i = [], 0
    while i < len(terms):
        best = max((key for key in synonyms if tuple(terms[i:i + len(key)]) == key), key=len, default=None)
        if best is None:
            units.append([(frozenset([terms[i]]), 1.0, "")])
            i += 1
        else:
            units.append([(frozenset(best), 1.0, "")]
                         + [(frozenset(e), SYNONYM_WEIGHT, written) for e, written in synonyms[best]])
            i += len(best)
    return units


def _score(units, weights) -> float:
    """The service's score for the query; 0 when it does not meet every unit."""
    total = 0.0
    for alternatives in units:
        best = max((factor * sum(weights[t] for t in terms) / len(terms)
                    for terms, factor, _written in alternatives if all(t in weights for t in terms)), default=0.0)
        if not best:
            return 0.0
        total += best
    return total


def search_services(institution, *, query="", category_code="") -> CatalogSearch:
    """The published services whose name, summary, keywords, category or explanations hold every word typed
    (or a synonym of it), best first; diacritics and word endings do not matter (`primaria.search.text`)."""
    services = list(published_services(institution, category_code=category_code))
    query = " ".join(normalize(query or "").split())[:MAX_QUERY_CHARS]
    terms = content_terms(query)
    if not terms:
        return CatalogSearch(query=query, services=services)
    units = _units(terms, _synonyms())
    catalog = _catalog_terms(services)
    found = []
    for service in services:
        score = _score(units, catalog[service.pk])
        if score:
            found.append((score, service))
    found.sort(key=lambda item: -item[0])  # stable: equals keep the catalog's order
    also = [written for alternatives in units for _terms, _factor, written in alternatives if written]
    return CatalogSearch(query=query, services=[service for _score, service in found],
                         also_searched=list(dict.fromkeys(also)))


def categories_with_services(institution):
    return Category.objects.filter(
        Q(services__institution=institution) | Q(services__institution__parent=institution), services__active=True
    ).distinct()


def service_by_slug(institution, slug) -> Service:
    service = (
        Service.objects.filter(Q(institution=institution) | Q(institution__parent=institution), slug=slug, active=True)
        .select_related("category", "department")
        .prefetch_related("fields", "required_documents__document_type", "signers")
        .first()
    )
    if service is None:
        raise Http404(_("Serviciul nu există."))
    return service


def with_form(service) -> Service:
    """The service with its questions and required documents loaded once, for the checks of a filing."""
    from .models import RequiredDocument

    if "fields" not in getattr(service, "_prefetched_objects_cache", {}):
        prefetch_related_objects([service], "fields", Prefetch(
            "required_documents", queryset=RequiredDocument.objects.select_related("document_type")))
    return service
