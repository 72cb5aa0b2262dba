"""Two city halls on one installation: no write on one city hall's site acts on the other's data.

The companion of test_isolation.py (which walks the GET routes): every route that takes a POST, PUT, PATCH or
DELETE (the pages' forms and the REST API) is filled with the identifiers of the demo city's own objects and
sent on the commune's host (beta.test), as the commune's secretary general and as a plain resident with a
session (the office's routes refuse a resident by role, so only the official is sent there). Each address gets an
empty form, then the forms that the demo city's own page at that address holds (its selects, hidden fields and
buttons: the demo's ids, empty fields filled with plausible values); the API gets `{}` and a body of the fields its
actions usually ask for. The point is whether the action is reached, not whether the form is valid. Each write
runs in a savepoint that is rolled back afterwards, so the walk's writes do not pile up.

A write acted on the demo city when, during it, a row of the product's models that the demo city had (its
primary key at most the last one before the commune was added) changed or disappeared, or a new row points at
such a row (a foreign key to the demo city's institutions, people, requests, ...). The tables are compared by a
checksum of every row, before and after, for the tables the write touched (the SQL statements it ran say which).
The answer's status alone says little (a form shown again with its errors is a 200), so it is only reported.

The routes that still act on the other city hall are listed in KNOWN_WRITE_LEAKS: the test fails when another
one does, and also when one listed stops (so the list only shrinks).
"""

import hashlib
import inspect
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import connection, transaction

from tests.routes import candidates as _candidates
from tests.routes import routes as _routes
from tests.routes import url_of as _url
from tests.tenancy.test_isolation import SHARED, two_city_halls  # noqa: F401 (the GET walk's installation)

# Tables left out of the comparison (sessions, sign-in attempts and rate-limit counters are not the product's
# models: they live in Django's own tables and in the cache).
EXCLUDED = {
    # the audit log: a refused attempt is recorded too, with its actor (a person of the demo city on the demo's
    # host), and the whole log would be read again after every write
    "audit.AuditEntry", "audit.AuditChain",
    # the outbox: an event names its subject by text, no foreign key, and repeats a change the tables show anyway
    "outbox.Event", "outbox.Delivery",
}

# Routes that act on the demo city's data from the commune's site, by route pattern (`"route",  # app: why`):
# each is a piece of work of its own app (docs/deployment.md, "Many city halls on one installation").
KNOWN_WRITE_LEAKS: set[str] = set()

WRITE_METHODS = ("post", "put", "patch", "delete")
WRITE_SQL = re.compile(r'^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def write_methods(pattern) -> list[str]:
    """The write methods a route's view takes: a REST API view says so, a class-based view by its methods, a
    function view by reading its request's method (or by a require_POST-like decorator)."""
    callback = pattern.callback
    actions = getattr(callback, "actions", None)
    if actions is not None:
        return [method for method in WRITE_METHODS if method in actions]
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        return [method for method in WRITE_METHODS if hasattr(view_class, method)]
    try:
        source = inspect.getsource(inspect.unwrap(callback))
    except (OSError, TypeError):
        return ["post"]
    return ["post"] if re.search(r"POST|require_http_methods|\.method\b", source) else []


def _models():
    return [m for m in apps.get_models(include_auto_created=True) if m.__module__.startswith("primaria.")
            and m._meta.label not in EXCLUDED and not m._meta.proxy]


def _rows(model) -> dict:
    """Every row of a table: its primary key → a checksum of its values."""
    fields = [f.attname for f in model._meta.concrete_fields]
    return {row[0]: hashlib.sha256(repr(row).encode()).hexdigest()
            for row in model._base_manager.values_list(*fields).order_by()}


class Snapshot:
    """The product's tables as they were, and what a write changed of the demo city's rows."""

    def __init__(self, limits):
        self.limits = limits
        self.by_table = {model._meta.db_table: model for model in _models()}
        # for each table, its foreign keys to the demo city's own objects (the shared kinds aside)
        self.pointers = {
            table: [(f.attname, f.related_model._meta.label) for f in model._meta.concrete_fields
                    if f.is_relation and f.related_model is not None
                    and f.related_model._meta.label in limits and f.related_model._meta.label not in SHARED]
            for table, model in self.by_table.items()}
        self.rows = {table: _rows(model) for table, model in self.by_table.items()}
        self.demo = {table: self.demo_rows(table, model._base_manager.all()) for table, model in self.by_table.items()}

    def demo_rows(self, table, rows) -> dict:
        """The demo city's among `rows`: one it had before the commune came, or one that points at such a row
        (pk → why)."""
        model = self.by_table[table]
        limit = self.limits.get(model._meta.label)
        columns = [column for column, _target in self.pointers[table]]
        found = {}
        for row in rows.order_by().values_list("pk", *columns):
            if limit is not None and isinstance(row[0], int) and row[0] <= limit:
                found[row[0]] = "of the demo city"
                continue
            for (_column, target), value in zip(self.pointers[table], row[1:], strict=True):
                if isinstance(value, int) and value <= self.limits[target]:
                    found[row[0]] = f"pointing at {target} #{value}"
                    break
        return found

    def changes(self, tables) -> list[str]:
        """What the writes to `tables` changed of the demo city: its rows changed or gone, rows (new or changed)
        that now point at its objects."""
        found = []
        for table in sorted(tables):
            model = self.by_table.get(table)
            if model is None:
                continue
            label, before, after = model._meta.label, self.rows[table], _rows(model)
            touched = {pk for pk, checksum in before.items() if after.get(pk) != checksum}
            touched |= {pk for pk in after if pk not in before}
            if not touched:
                continue
            now = self.demo_rows(table, model._base_manager.filter(pk__in=[pk for pk in touched if pk in after]))
            for pk in sorted(touched, key=str):
                if pk in self.demo[table]:
                    state = "changed" if pk in after else "deleted"
                    found.append(f"{label} #{pk} ({self.demo[table][pk]}) {state}")
                elif pk in now:
                    found.append(f"{label} #{pk} {'changed' if pk in before else 'new'}, {now[pk]}")
        return found


class Writes:
    """The tables the SQL run on the connection wrote to."""

    def __init__(self):
        self.tables = set()

    def __call__(self, execute, sql, params, many, context):
        match = WRITE_SQL.match(sql)
        if match:
            self.tables.add(match.group(1))
        return execute(sql, params, many, context)


# What a form field that the page leaves empty is filled with, by the input's type.
PLAUSIBLE = {"email": "proba@example.ro", "number": "1", "date": "2026-12-15", "time": "10:00", "tel": "0722000000",
             "datetime-local": "2026-12-15T10:00", "url": "https://example.ro/", "password": "parola-de-proba-1"}
# The API's bodies: nothing, and the fields its actions most often ask for.
API_BODIES = [{}, {"reason": "Motiv de probă.", "message": "Mesaj de probă.", "text": "Text de probă.",
                   "comment": "Comentariu de probă.", "body": "Text de probă.", "name": "Nume de probă",
                   "email": "proba@example.ro", "accept": True, "confirm": True}]


class Forms(HTMLParser):
    """The forms of a page that post to `path`: each as the data its fields hold (one per named submit button),
    empty fields filled with plausible values."""

    def __init__(self, path):
        super().__init__()
        self.path, self.forms, self.form, self.select, self.textarea = path, [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            action = attrs.get("action", "")
            if attrs.get("method", "get").lower() == "post" and (not action or urlsplit(action).path == self.path):
                self.form = {"fields": {}, "buttons": []}
            return
        if self.form is None or not attrs.get("name"):
            return
        name, kind = attrs["name"], attrs.get("type", "text").lower()
        fields = self.form["fields"]
        if tag == "button" or (tag == "input" and kind == "submit"):
            if attrs.get("type", "submit").lower() == "submit":
                self.form["buttons"].append((name, attrs.get("value", "")))
        elif tag == "input" and kind in ("checkbox", "radio"):
            if "checked" in attrs or name not in fields:
                fields[name] = attrs.get("value", "on")
        elif tag == "input" and kind != "file":
            fields[name] = attrs.get("value") or PLAUSIBLE.get(kind, "Text de probă")
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and attrs.get("value"):
            if "selected" in attrs or self.select not in fields:
                fields[self.select] = attrs["value"]
        elif tag == "textarea":
            self.textarea = name
            fields[name] = "Text de probă."

    def handle_data(self, data):
        if self.form is not None and self.textarea and data.strip():
            self.form["fields"][self.textarea] = data.strip()

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.form is not None:
            fields = {k: v for k, v in self.form["fields"].items() if k != "csrfmiddlewaretoken"}
            self.forms += [{**fields, name: value} for name, value in self.form["buttons"]] or [fields]
            self.form = None


def bodies(url, harvesters) -> list[dict]:
    """What to send to `url`: nothing, then the forms that the demo city's own pages of that address hold (for
    the API, the usual fields)."""
    if url.startswith("/api/"):
        return API_BODIES
    found = [{}]
    for client in harvesters:
        answer = client.get(url, HTTP_HOST="demo.test", HTTP_ACCEPT="text/html")
        if answer.status_code != 200 or "html" not in answer.get("Content-Type", "") or answer.streaming:
            continue
        parser = Forms(url)
        parser.feed(answer.content.decode(errors="replace"))
        found += [form for form in parser.forms if form not in found]
        if len(found) > 1:
            break  # the office's page for the official, the resident's page for the resident
    return found[:5]


def send(client, method, url, host, body):
    if url.startswith("/api/"):
        return getattr(client, method)(url, json.dumps(body), content_type="application/json", HTTP_HOST=host,
                                       HTTP_ACCEPT="application/json")
    if method == "post":
        return client.post(url, body, HTTP_HOST=host, HTTP_ACCEPT="text/html")
    return getattr(client, method)(url, "", content_type="application/x-www-form-urlencoded", HTTP_HOST=host,
                                   HTTP_ACCEPT="text/html")


def attempt(snapshot, client, method, url, host, body):
    """Send one write in a savepoint rolled back afterwards: (the status, what it changed of the demo city, an
    error)."""
    writes = Writes()
    status, changed, error = None, [], ""
    with transaction.atomic():
        try:
            with connection.execute_wrapper(writes):
                answer = send(client, method, url, host, body)
            status = answer.status_code
            if status >= 500:
                error = f"{method.upper()} {url}: {status}"
        except Exception as exc:  # a view that fails on an empty form: reported, the walk goes on
            error = f"{method.upper()} {url}: {type(exc).__name__}: {exc}"
        if writes.tables and not error:
            changed = snapshot.changes(writes.tables)
        transaction.set_rollback(True)
    return status, changed, error


def write_routes(limits):
    """(route, pattern, methods, the ways to fill it with the demo city's identifiers) for every write route."""
    for route, pattern in _routes():
        methods = write_methods(pattern)
        if not methods:
            continue
        if "<" in route:
            fills = [_url(route, params) for params in _candidates(route, pattern, limits)]
        else:
            fills = ["/" + route]
        if fills:
            yield route, pattern, methods, fills


def office(route) -> bool:
    return route.startswith(("birou/", "api/v1/office/", "taxe/birou/"))


def _client(user=None):
    from django.test import Client

    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def walk(limits, actors, host, harvesters):
    """route → (what acted, by whom) and the errors, over every write route sent on `host` by `actors`, with the
    forms the demo city's pages show to `harvesters`."""
    snapshot = Snapshot(limits)
    leaks, errors = {}, []
    for route, _pattern, methods, urls in write_routes(limits):
        forms = []  # the forms of the route's first two addresses serve the others too (the ids are in the address)
        for number, url in enumerate(urls):
            if number < 2:
                forms += [form for form in bodies(url, harvesters) if form not in forms]
            for method, body in [(method, body) for method in methods for body in forms[:5]]:
                for who, client, user, resident in actors:
                    if resident and office(route):
                        continue  # the office's routes refuse a resident by role, whatever the city hall
                    if client.session.get("_auth_user_id") != str(user.pk):
                        client.force_login(user)  # a sign-out route came before: the walk goes on signed in
                    status, changed, error = attempt(snapshot, client, method, url, host, body)
                    if error:
                        errors.append(f"{error} ({who})")
                    elif changed:
                        leaks.setdefault(route, f"{method.upper()} {url} {sorted(body)} by {who} answered "
                                                f"{status} and acted: {', '.join(changed[:3])}")
                if route in leaks:
                    break
            if route in leaks:
                break
    return leaks, errors


@pytest.fixture
def no_rate_limits(settings):
    settings.PRIMARIA_RATE_LIMITS = {}  # many writes from one address: a 429 would hide the answer


def test_no_write_on_one_city_hall_acts_on_another(two_city_halls, users, no_rate_limits):  # noqa: F811
    from primaria.accounts.models import User

    secretary = User.objects.get(email="secretar@beta.test")
    resident = User.objects.create_user(email="locuitor@beta.test", password="parola-de-test-1",
                                        first_name="Ana", last_name="Beta", email_verified=True)
    actors = [("the commune's secretary general", _client(secretary), secretary, False),
              ("a resident", _client(resident), resident, True)]
    harvesters = [_client(users.secretary), _client(users.ion)]
    leaks, errors = walk(two_city_halls, actors, "beta.test", harvesters)
    new = {route: why for route, why in leaks.items() if route not in KNOWN_WRITE_LEAKS}
    fixed = set(KNOWN_WRITE_LEAKS) - set(leaks)
    assert not errors, "Writes that fail on beta.test:\n" + "\n".join(errors)
    assert not new, "Writes on beta.test that act on the demo city:\n" + "\n".join(
        f"{r}: {w}" for r, w in sorted(new.items()))
    assert not fixed, "No longer acting on the demo city, take them off KNOWN_WRITE_LEAKS: " + ", ".join(sorted(fixed))


def test_the_write_walk_reaches_actions(two_city_halls, users, no_rate_limits):  # noqa: F811
    """The walk above is only worth something if it fills the write routes with real identifiers and if its
    writes, plain as they are, reach actions: sent on the demo city's own host by its own people, the same walk
    changes the demo city's data on many routes, office and API ones among them."""
    filled = [route for route, _pattern, _methods, _urls in write_routes(two_city_halls) if "<" in route]
    assert len(filled) > 60
    assert any(route.startswith("birou/") for route in filled) and any(route.startswith("api/") for route in filled)
    actors = [("the demo city's secretary general", _client(users.secretary), users.secretary, False),
              ("a resident of the demo city", _client(users.ion), users.ion, True)]
    acted, _errors = walk(two_city_halls, actors, "demo.test", [client for _who, client, _user, _resident in actors])
    assert len(acted) > 10
    assert any(route.startswith("birou/") for route in acted) and any(route.startswith("api/") for route in acted)
