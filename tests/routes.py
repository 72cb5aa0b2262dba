"""The routes the project answers, and ways to fill their parameters with existing objects' identifiers.

Shared by the walks over every page: the isolation of city halls (tests/tenancy) and the languages
(tests/i18n).
"""

import re

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("admin/", "static/", "media/", "pki/", "metrics", "sanatate/", "__debug__", "api/v1/schema",
                    "api/v1/docs")


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def routes():
    seen = set()
    for route, pattern in walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or "(?P" in route or "^" in route or route in seen:
            continue
        seen.add(route)
        yield route, pattern


def app_of(pattern) -> str:
    parts = pattern.lookup_str.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "primaria" else ""


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def candidates(route, pattern, limits) -> list[dict]:
    """Ways to fill `route` with the demo city's identifiers (at most a few)."""
    names = [name for _conv, name in PARAM.findall(route)]
    app = app_of(pattern)
    models = list(apps.get_app_config(app).get_models()) if app else []
    if not models or app in ("api",):
        models = [m for m in apps.get_models() if m.__module__.startswith("primaria.")]
    values = {}
    for name in names:
        found = []
        if name == "public_id":
            for model in models:
                if any(f.name == "public_id" for f in model._meta.fields):
                    found += [str(v) for v in model.objects.filter(pk__lte=limits.get(model._meta.label, 0))
                              .order_by("-pk").values_list("public_id", flat=True)[:2]]
        elif name in ("pk", "photo_id", "subscription_id", "attachment", "doc", "id"):
            for model in models:
                found += [str(v) for v in model.objects.filter(pk__lte=limits.get(model._meta.label, 0))
                          .order_by("-pk").values_list("pk", flat=True)[:2]]
        elif name == "slug":
            from primaria.catalog.models import Service

            # a service only the demo city has (the commune's starter catalog shares the others' slugs)
            found = list(Service.objects.filter(pk__lte=limits["catalog.Service"]).exclude(
                slug__in=Service.objects.filter(institution__code="CBETA").values("slug")).values_list("slug", flat=True)[:1])
        elif name == "code":
            from primaria.documents.models import OutgoingDocument

            found = [c for c in OutgoingDocument.objects.values_list("verification_code", flat=True)[:2] if c]
        else:
            return []  # tokens, sections, years: the public pages walk covers them
        if not found:
            return []
        values[name] = list(dict.fromkeys(found))[:6]
    # one parameter varies at a time, the others take their first value
    filled = []
    for name in names:
        for value in values[name]:
            filled.append({n: (value if n == name else values[n][0]) for n in names})
    return filled[:8]


def url_of(route, params) -> str:
    return "/" + PARAM.sub(lambda m: params[m.group(2)], route)


def body_of(answer) -> str:
    content = b"".join(answer.streaming_content) if answer.streaming else answer.content
    return content.decode(errors="replace")


def get(client, url, host):
    accept = "application/json" if url.startswith("/api/") else "text/html"
    return client.get(url, HTTP_HOST=host, HTTP_ACCEPT=accept)
