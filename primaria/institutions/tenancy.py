"""Which city hall a request serves: one installation can host many (a county hosting its communes).

Every city hall is a root of the institution tree (an `Institution` without a parent) with its subordinate
institutions, departments, staff, catalog, registers, letterhead and archive under it. A request's host name
(`HostName`) decides which one it serves: `CityHallMiddleware` runs the request inside `serving_host(host)`, and
the host is resolved the first time the request asks (`current()`), so `selectors.main_institution()` (asked by every page, the API and the templates)
answers that city hall and `selectors.positions_of()` counts only the positions held in it: an official of one
commune is a resident on another's site.

An installation with one city hall needs no host names: every host serves the one named by
`PRIMARIA_INSTITUTION_CODE` (or the only root). Work outside a request (the outbox's handlers, commands) takes the
city hall from the object it works on, never from here.

The city hall is kept in a context variable, so concurrent requests on threads or in async code never see each
other's; the lookups are cached per process for a minute (`caches["local"]`), never used to decide a permission.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.http import Http404
from django.utils.translation import gettext_lazy

_current = ContextVar("primaria_city_hall", default=None)

CACHE_SECONDS = 60
_MISSING = 0  # cached for a host that names no city hall
UNKNOWN_HOST = gettext_lazy("Această adresă nu aparține niciunei primării găzduite aici.")


class UnknownHost(Http404):
    """The request's host names none of the city halls of an installation that hosts several: a 404, in
    Romanian, for the pages (`core.error_pages.page_not_found`) and the API."""

    def __init__(self, host=""):
        super().__init__(UNKNOWN_HOST)
        self.host = host


class _Host:
    """The host of the running request, resolved to its city hall the first time someone asks (a page that never
    asks, such as a probe or an error page, never reads the database for it). One per request, never shared."""

    __slots__ = ("host", "fallback", "city_hall", "resolved")

    def __init__(self, host, fallback):
        self.host, self.fallback, self.city_hall, self.resolved = host, fallback, None, False

    def resolve(self):
        if not self.resolved:
            self.city_hall, self.resolved = resolve(self.host), True
            if self.city_hall is None and self.fallback:
                self.city_hall = default_city_hall()
        if self.city_hall is None and hosts_many():
            raise UnknownHost(self.host)
        return self.city_hall


def current():
    """The city hall the running request serves, or None outside a request (work outside a request takes the
    city hall from what it works on). Raises UnknownHost for a host of none of an installation's city halls."""
    value = _current.get()
    return value.resolve() if isinstance(value, _Host) else value


@contextmanager
def serving(city_hall):
    """Run the enclosed code as a request to `city_hall` (tests; commands acting for one city hall)."""
    token = _current.set(city_hall)
    try:
        yield city_hall
    finally:
        _current.reset(token)


@contextmanager
def serving_host(host: str, *, fallback=False):
    """Run the enclosed request as one to the city hall `host` names (resolved when first asked); with
    `fallback`, a host of none serves the installation's default city hall instead of answering 404."""
    token = _current.set(_Host(host, fallback))
    try:
        yield
    finally:
        _current.reset(token)


def forget():
    """Drop this process's cached answers (after a city hall or a host name is added); other processes see the
    change within CACHE_SECONDS."""
    local = caches["local"]
    local.delete_many(["institutions:main", "institutions:many"])
    local.set("institutions:generation", _generation() + 1, None)


def _generation() -> int:
    return caches["local"].get("institutions:generation", 0)


def normalise_host(host: str) -> str:
    host = (host or "").strip().lower().rstrip(".")
    if host.startswith("["):  # an IPv6 literal, with or without a port
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def default_city_hall():
    """The city hall of an installation that serves one, or the installation's own (the county's) portal."""
    from .models import Institution

    local = caches["local"]
    institution = local.get("institutions:main")
    if institution is None:
        institution = (
            Institution.objects.filter(code=settings.PRIMARIA_INSTITUTION_CODE).first()
            or Institution.objects.filter(parent__isnull=True).order_by("pk").first()
        )
        if institution is not None:
            local.set("institutions:main", institution, CACHE_SECONDS)
    return institution


def city_hall_for_host(host: str):
    """The city hall `host` names, None if it names none."""
    from .models import HostName

    host = normalise_host(host)
    local = caches["local"]
    key = f"institutions:host:{_generation()}:{host}"
    found = local.get(key)
    if found is None:
        name = HostName.objects.filter(host=host).select_related("institution").first()
        found = name.institution if name is not None else _MISSING
        local.set(key, found, CACHE_SECONDS)
    return found or None


def hosts_many() -> bool:
    """Whether this installation serves more than one city hall on host names of their own."""
    from .models import HostName, Institution

    local = caches["local"]
    many = local.get("institutions:many")
    if many is None:
        many = HostName.objects.exists() and Institution.objects.filter(parent__isnull=True).count() > 1
        local.set("institutions:many", many, CACHE_SECONDS)
    return many


def resolve(host: str):
    """The city hall a request on `host` serves; None when the installation hosts many and `host` is none of
    theirs (the middleware answers 404)."""
    city_hall = city_hall_for_host(host)
    if city_hall is not None:
        return city_hall
    if hosts_many():
        return None
    return default_city_hall()


def institution_ids(city_hall) -> frozenset[int]:
    """The city hall and every institution under it, at any depth."""
    from .models import Institution

    local = caches["local"]
    key = f"institutions:tree:{_generation()}:{city_hall.pk}"
    ids = local.get(key)
    if ids is None:
        ids, frontier = {city_hall.pk}, {city_hall.pk}
        while frontier:
            frontier = set(Institution.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
            ids |= frontier
        ids = frozenset(ids)
        local.set(key, ids, CACHE_SECONDS)
    return ids


def city_hall_of(institution):
    """The root of `institution`'s tree: the city hall it belongs to."""
    from .models import Institution

    while institution is not None and institution.parent_id is not None:
        institution = Institution.objects.get(pk=institution.parent_id)
    return institution


def site_url(city_hall=None) -> str:
    """The address links to `city_hall` are written with (e-mails, QR codes): its primary host name, else
    `SITE_URL`. Without `city_hall`, the one the running request serves (outside a request: `SITE_URL`)."""
    from .models import HostName

    city_hall = city_hall or current()
    if city_hall is None:
        return settings.SITE_URL
    local = caches["local"]
    key = f"institutions:site:{_generation()}:{city_hall.pk}"
    host = local.get(key)
    if host is None:
        name = HostName.objects.filter(institution=city_hall).order_by("-primary", "host").first()
        host = name.host if name is not None else ""
        local.set(key, host, CACHE_SECONDS)
    if not host:
        return settings.SITE_URL
    base = urlsplit(settings.SITE_URL)
    port = f":{base.port}" if base.port else ""
    return f"{base.scheme or 'https'}://{host}{port}"
