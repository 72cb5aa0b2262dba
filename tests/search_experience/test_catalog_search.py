"""The catalog search on the demo city's services: diacritics, word endings and synonyms do not matter, the
count is said in good Romanian, and the admin edits the synonyms (with an audit entry)."""

import re

import pytest
from django.urls import reverse

from primaria.audit.models import AuditEntry
from primaria.catalog import selectors
from primaria.catalog.models import SearchSynonym, Service

URL = reverse("catalog:list")

# query → (services that must be found, services that must not); the first slug listed first must come first
CASES = [
    ("adeverinta", {"adeverinta-nomenclatura-stradala"}, {"certificat-de-urbanism"}),
    ("adeverință", {"adeverinta-nomenclatura-stradala"}, set()),
    ("divort", {"divort-pe-cale-administrativa"}, {"petitie"}),
    ("DIVORȚUL", {"divort-pe-cale-administrativa"}, set()),
    ("casatorie", {"divort-pe-cale-administrativa", "certificat-stare-civila-duplicat"}, {"certificat-de-urbanism"}),
    ("căsătoriei", {"divort-pe-cale-administrativa", "certificat-stare-civila-duplicat"}, set()),
    ("certificat de nastere", {"certificat-stare-civila-duplicat"}, {"certificat-de-urbanism"}),
    ("CERTIFICATUL DE NAŞTERE", {"certificat-stare-civila-duplicat"}, {"certificat-de-atestare-fiscala"}),
    ("certificat pentru nasterea", {"certificat-stare-civila-duplicat"}, set()),
    ("autorizaţie construire", {"autorizatie-de-construire"}, {"acord-comercializare-martisoare"}),
    ("hotărârea consiliului", {"copii-certificate-acte-administrative"}, set()),
    ("hotarari consiliu local", {"copii-certificate-acte-administrative"}, set()),
    ("vehicule lente", {"inregistrare-vehicul-lent", "radiere-vehicul-lent"}, set()),
    ("impozitul pe cladiri", {"declaratie-fiscala-cladiri", "scutire-reducere-impozit"}, {"petitie"}),
    # synonyms seeded for the admin to edit
    ("desfacerea casatoriei", {"divort-pe-cale-administrativa"}, set()),
    ("nunta", {"divort-pe-cale-administrativa", "certificat-stare-civila-duplicat"}, set()),
    ("tractor", {"inregistrare-vehicul-lent", "radiere-vehicul-lent"}, set()),
    ("restaurant", {"autorizatie-functionare-alimentatie-publica"}, set()),
    ("ajutor social", {"venit-minim-de-incluziune"}, set()),
    ("plangere", {"petitie"}, set()),
    # nothing to find
    ("pasaport", set(), {"divort-pe-cale-administrativa"}),
    ("casier", set(), set()),
]


@pytest.mark.parametrize(("query", "found", "not_found"), CASES)
def test_catalog_search_cases(city, query, found, not_found):
    result = {s.slug for s in selectors.search_services(city, query=query).services}
    assert found <= result, (query, result)
    assert not (not_found & result), (query, result)
    if not found:
        assert result == set()


def test_the_service_named_by_the_words_comes_first(city):
    assert selectors.search_services(city, query="divort").services[0].slug == "divort-pe-cale-administrativa"
    assert selectors.search_services(city, query="certificat de urbanism").services[0].slug == "certificat-de-urbanism"


def _count(page) -> str:
    text = re.sub(r"<[^>]+>", "", page.content.decode())
    return re.search(r"(\d[\d.]* (?:de )?servic\w+ găsit\w*|Niciun serviciu găsit)", text).group(1)


def test_the_page_says_how_many_in_romanian(client, city):
    assert _count(client.get(URL, {"q": "divorțul"})) == "1 serviciu găsit"
    assert _count(client.get(URL, {"q": "vehicul"})) == "2 servicii găsite"
    total = Service.objects.filter(active=True).count()
    assert total >= 20
    assert _count(client.get(URL)) == f"{total} de servicii găsite"


def test_no_result_says_what_to_do(client, city):
    page = client.get(URL, {"q": "pașaport", "categorie": "taxe"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Niciun serviciu găsit" in text and "„pașaport”" in text
    assert "diacriticele nu contează" in text
    assert "în toate categoriile" in text  # a category was chosen: offer to search them all
    assert 'class="card"' not in text


def test_a_synonym_says_it_was_used(client, city):
    text = client.get(URL, {"q": "divort"}).content.decode()
    assert "Am căutat și: „desfacerea căsătoriei”" in text


def test_keywords_are_searched(city):
    service = Service.objects.get(slug="petitie")
    assert selectors.search_services(city, query="jalbă").services == []
    service.keywords = "jalbă, reclamație scrisă"
    service.save()
    assert [s.slug for s in selectors.search_services(city, query="jalbele").services] == ["petitie"]


def test_the_admin_edits_synonyms_with_an_audit_entry(client, city, users):
    client.force_login(users.admin)
    assert selectors.search_services(city, query="pasaport").services == []
    add = reverse("admin:catalog_searchsynonym_add")
    page = client.post(add, {"term": "pașaport", "expansion": "alimentație publică"})
    assert page.status_code == 302, page.content.decode()[:2000]
    synonym = SearchSynonym.objects.get(term="pașaport")
    entry = AuditEntry.objects.get(action="catalog.synonym.save", object_id=str(synonym.pk))
    assert entry.data["expansion"] == "alimentație publică" and entry.actor == users.admin
    assert "autorizatie-functionare-alimentatie-publica" in {
        s.slug for s in selectors.search_services(city, query="pasaport").services}

    change = reverse("admin:catalog_searchsynonym_change", args=[synonym.pk])
    assert client.post(change, {"term": "pașaport", "expansion": "vehicul lent"}).status_code == 302
    assert {s.slug for s in selectors.search_services(city, query="pasaport").services} == {
        "inregistrare-vehicul-lent", "radiere-vehicul-lent"}

    delete = reverse("admin:catalog_searchsynonym_delete", args=[synonym.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not SearchSynonym.objects.filter(pk=synonym.pk).exists()
    assert AuditEntry.objects.filter(action="catalog.synonym.delete", object_id=str(synonym.pk)).exists()
    assert selectors.search_services(city, query="pasaport").services == []


def test_the_admin_refuses_a_synonym_that_adds_nothing(client, city, users):
    client.force_login(users.admin)
    add = reverse("admin:catalog_searchsynonym_add")
    page = client.post(add, {"term": "Divorțul", "expansion": "divort"})
    assert page.status_code == 200
    assert "nu adaugă nimic" in page.content.decode()
    page = client.post(add, {"term": "DIVORT", "expansion": "Desfacerea  căsătoriei"})  # seeded as divorț → …
    assert "există deja" in page.content.decode()
    assert not SearchSynonym.objects.filter(term="Divorțul").exists()


def test_only_the_it_admin_changes_synonyms(city, users):
    from django.core.exceptions import PermissionDenied

    from primaria.catalog import services

    with pytest.raises(PermissionDenied):
        services.save_synonym(actor=users.clerk, term="x-ray", expansion="radiografie")
    assert not SearchSynonym.objects.filter(term="x-ray").exists()


def test_a_changed_service_is_found_by_its_new_words_at_once(city):
    """The terms are kept under a digest of the services' texts: a change needs no invalidation."""
    assert selectors.search_services(city, query="audienta").services[0].slug == "cerere-audienta"
    service = Service.objects.get(slug="cerere-audienta")
    service.name, service.summary, service.description = "Ghiocelul primarului", "Întâlnire cu primarul.", "-"
    service.save()
    assert "cerere-audienta" not in {s.slug for s in selectors.search_services(city, query="audienta").services}
    assert [s.slug for s in selectors.search_services(city, query="ghiocelului").services] == ["cerere-audienta"]


def test_the_search_costs_few_queries(city, django_assert_max_num_queries):
    selectors.search_services(city, query="certificat")  # the terms are now kept in this process
    with django_assert_max_num_queries(2):  # the services, the synonyms
        selectors.search_services(city, query="certificat de nastere")
