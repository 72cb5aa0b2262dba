"""Two city halls on one installation: every page and API route of one never shows the other's data.

The demo city (Municipiul Demo, on demo.test) is loaded with its history, acts, council and reports; a commune
(Comuna Beta, on beta.test) is added by the IT admin's command with the starter catalog. Then every route the
project answers (the admin aside) is walked:

* a route without parameters is opened on beta.test, signed out and as the commune's secretary general; the
  answer must carry nothing of the demo city (its name, its officials, its addresses);
* a route with parameters is filled with the identifiers of the demo city's own objects (rows that existed
  before the commune was added); where such an address answers 200 on demo.test (signed out, to the demo's
  secretary general or to a demo resident), it must not answer 200 on beta.test, signed out or to the commune's
  secretary general.

The routes that still leak are listed in KNOWN_LEAKS: the test fails when another one leaks, and also when one
listed stops leaking (so the list only shrinks).
"""

import html
import re
from pathlib import Path

import pytest
from django.apps import apps

from tests.routes import UUID
from tests.routes import body_of as _body
from tests.routes import candidates as _candidates
from tests.routes import get as _get
from tests.routes import routes as _routes
from tests.routes import url_of as _url

# Answers that do not show a page's content.
NOT_SHOWN = {301, 302, 303, 307, 308, 400, 401, 403, 404, 405, 410, 429}
DEMO_MARKERS = ("Municipiul Demo", "Municipiului Demo", "Primăria Demo", "primaria-demo.ro", "Constantinescu",
                "Administrația Domeniului Public Demo")

# Routes that show the demo city's data on the commune's site, by route pattern. Each is a piece of work of its
# own app: its models or lists not yet scoped to the city hall the host names (docs/deployment.md, "Many city
# halls on one installation").
KNOWN_LEAKS: set[str] = set()


@pytest.fixture
def two_city_halls(pki, settings):
    from io import StringIO

    from django.core.management import call_command

    from primaria.institutions.models import HostName, Institution

    settings.ALLOWED_HOSTS = [".test", "testserver"]
    call_command("load_demo_city", quiet=True, history=60, stdout=StringIO())
    limits = {m._meta.label: (m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
              for m in apps.get_models() if m.__module__.startswith("primaria.")
              and m._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")}
    HostName.objects.create(host="demo.test", institution=Institution.objects.get(code="PMD"), primary=True)
    call_command("add_city_hall", code="CBETA", name="Primăria Comunei Beta", host="beta.test",
                 address="Str. Principală 1, Beta", secretary_email="secretar@beta.test", stdout=StringIO())
    return limits


NAMED = ("name", "title", "subject")
# Kinds shared by every city hall of an installation: the catalog's categories, the types of documents, the
# newsletters' topics (their names are also the site's headings).
SHARED = {"catalog.Category", "documents.DocumentType", "catalog.SearchSynonym", "participation.Topic"}


def _demo_names(limits, chrome: str):
    """The names and titles of the demo city's own objects that the commune has none of, as one pattern; a name
    that is also a label of the site's menus and pages (`chrome`) says nothing."""
    demo, commune = set(), set()
    for model in apps.get_models():
        label = model._meta.label
        if label in SHARED:
            continue
        fields = [f.name for f in model._meta.fields if f.name in NAMED and f.get_internal_type() == "CharField"]
        if label not in limits or not fields:
            continue
        for field in fields:
            for pk, value in model.objects.values_list("pk", field):
                if value and len(value) >= 12:
                    (demo if pk <= limits[label] else commune).add(value)
    source = _product_text()
    names = sorted((name for name in demo - commune if html.escape(name) not in chrome and name not in source),
                   key=len, reverse=True)
    return re.compile("|".join(re.escape(html.escape(name)) for name in names))


def _product_text() -> str:
    """The product's own texts (templates, code, migrations), the demo data left out: a name written there is a
    label of the site, not a city hall's data."""
    root = Path(apps.get_app_config("core").path).parent
    texts = []
    for path in root.rglob("*"):
        if path.suffix not in (".py", ".html", ".txt") or path.name == "demo.py" or "demo" in path.relative_to(root).parts:
            continue
        texts.append(path.read_text(errors="replace"))
    return "\n".join(texts)


def _client(user=None):
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_no_route_of_one_city_hall_shows_another(two_city_halls, users):
    from primaria.accounts.models import User

    beta_secretary = User.objects.get(email="secretar@beta.test")
    demo_viewers = [_client(), _client(users.secretary), _client(users.ion)]
    beta_viewers = [("signed out", _client()), ("the commune's secretary general", _client(beta_secretary))]
    leaks, errors = {}, []
    # the menus and labels of the site, as the commune's pages show them with no data
    chrome = "".join(_body(_get(client, url, "beta.test")) for _who, client in beta_viewers
                     for url in ("/cont/intrare/", "/cont/"))
    demo_names = _demo_names(two_city_halls, chrome)
    # the public identifiers of the demo city's objects: a list of the commune that links one shows it
    demo_ids = set()
    for model in apps.get_models():
        if model._meta.label in two_city_halls and any(f.name == "public_id" for f in model._meta.fields):
            demo_ids |= {str(v) for v in model.objects.filter(pk__lte=two_city_halls[model._meta.label])
                         .values_list("public_id", flat=True)}
    for route, pattern in _routes():
        if "<" not in route:
            url = "/" + route
            for who, client in beta_viewers:
                answer = _get(client, url, "beta.test")
                if answer.status_code >= 500:
                    errors.append(f"{url} ({who}): {answer.status_code}")
                    continue
                body = _body(answer) if answer.status_code == 200 else ""
                shown = [marker for marker in DEMO_MARKERS if marker in body]
                shown += sorted(set(UUID.findall(body)) & demo_ids)
                shown += sorted(set(demo_names.findall(body)))
                if shown:
                    leaks.setdefault(route, f"{url} shows {shown[0]!r} to {who}")
            continue
        for params in _candidates(route, pattern, two_city_halls):
            url = _url(route, params)
            if not any(_get(client, url, "demo.test").status_code == 200 for client in demo_viewers):
                continue
            for who, client in beta_viewers:
                answer = _get(client, url, "beta.test")
                if answer.status_code >= 500:
                    errors.append(f"{url} ({who}): {answer.status_code}")
                elif answer.status_code not in NOT_SHOWN:
                    leaks.setdefault(route, f"{url} answers {answer.status_code} to {who} on beta.test")
            if route in leaks:
                break
    assert not errors, "\n".join(errors)
    new = {route: why for route, why in leaks.items() if route not in KNOWN_LEAKS}
    fixed = KNOWN_LEAKS - set(leaks)
    assert not new, "Routes that show another city hall's data:\n" + "\n".join(f"{r}: {w}" for r, w in sorted(new.items()))
    assert not fixed, "No longer leaking, take them off KNOWN_LEAKS: " + ", ".join(sorted(fixed))


def test_the_walk_reaches_object_pages(two_city_halls):
    """The walk above is only worth something if it fills the object routes with real identifiers."""
    filled = [route for route, pattern in _routes() if "<" in route and _candidates(route, pattern, two_city_halls)]
    assert len(filled) > 60
    assert any(route.startswith("birou/") for route in filled) and any(route.startswith("api/") for route in filled)
