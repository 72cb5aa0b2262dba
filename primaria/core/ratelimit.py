"""Rate limits on the public endpoints: how many requests one address may send to each in a window of time.

django-axes locks an account after failed sign-ins (one person guessing one password); this limits the
rate of requests from one IP address, whatever the account: sign-in, sign-up and the e-mails sent on
request, the public verification of a document by upload, the catalog and archive searches, a ticket
from the queue kiosk, a report filed by a resident, a proposal or a speaker sign-up in a public debate. Over the limit the answer is a 429 in Romanian, a page
in the site's design or {"detail": …} for the API, with Retry-After, and the view is not run.

The counters live in the shared cache (Redis in production), in fixed windows: `ratelimit:<name>:<ip>:<n>`
where n is the window's number since the epoch. A cache never decides a permission and never fails a
change: if the cache cannot be read or written, the request goes through (fail open) and a warning is
logged. The limits are settings (PRIMARIA_RATE_LIMITS, see docs/deployment.md); "0" switches one off.
"""

import logging
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from .error_pages import too_many_requests

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rule:
    name: str  # the key in settings.PRIMARIA_RATE_LIMITS
    path: re.Pattern
    methods: frozenset
    with_query: bool = False  # a GET counts only when it searches (has a query string)


RULES = [
    Rule("sign_in", re.compile(r"^/cont/intrare/$"), frozenset({"POST"})),
    Rule("sign_up", re.compile(r"^/cont/inregistrare/$"), frozenset({"POST"})),
    Rule("mail", re.compile(r"^/cont/(parola|confirmare-retrimite)/$"), frozenset({"POST"})),
    Rule("mail", re.compile(r"^/(abonamente|api/v1/newsletter-topics/subscribe)/$"), frozenset({"POST"})),  # each request e-mails a confirmation link
    Rule("mail", re.compile(r"^/alerte/(abonare|telefon)/$"), frozenset({"POST"})),  # a confirmation e-mail or SMS code
    Rule("verification", re.compile(r"^/verificare/[^/]+/$"), frozenset({"POST"})),
    Rule("search", re.compile(r"^/(servicii|arhiva)/$"), frozenset({"GET", "HEAD"}), with_query=True),
    Rule("queue_ticket", re.compile(r"^/coada/(?!bon/|afisaj/)[-\w]+/$"), frozenset({"POST"})),
    Rule("report", re.compile(r"^/sesizari/(noua/detalii/|[-0-9a-f]{36}/alaturare/)$"), frozenset({"POST"})),
    Rule("report", re.compile(r"^/api/v1/reports/$"), frozenset({"POST"})),
    Rule("debate", re.compile(r"^/dezbateri-publice/\d+/$"), frozenset({"POST"})),  # a proposal or a speaker, anonymous
]


def parse_rate(rate: str) -> tuple[int, int] | None:
    """"20/m" → (20, 60); "100/5m" → (100, 300); "0" or "" → None (no limit)."""
    rate = (rate or "").strip()
    if not rate or rate == "0":
        return None
    count, _, period = rate.partition("/")
    match = re.fullmatch(r"(\d*)([smhd])", period.strip())
    if not count.strip().isdigit() or not match:
        raise ValueError(f"Rată nevalidă: {rate!r} (scrieți de exemplu 20/m, 100/h sau 0)")  # i18n: ro (settings, for IT)
    if int(count) == 0:
        return None
    return int(count), int(match.group(1) or 1) * PERIODS[match.group(2)]


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or behind PRIMARIA_PROXY_COUNT trusted proxies the address the
    outermost of them saw (X-Forwarded-For read from the right, so a client cannot choose it)."""
    hops = settings.PRIMARIA_PROXY_COUNT
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def rule_for(request) -> Rule | None:
    for rule in RULES:
        if request.method in rule.methods and rule.path.match(request.path_info):
            if rule.with_query and not request.META.get("QUERY_STRING"):
                continue
            return rule
    return None


def hit(name: str, key: str, limit: int, period: int, now: float | None = None) -> int | None:
    """Count one request; the seconds to wait when it is over the limit, else None. Fails open."""
    now = time.time() if now is None else now
    window = int(now // period)
    cache_key = f"ratelimit:{name}:{key}:{window}"
    cache = caches[settings.PRIMARIA_RATE_LIMIT_CACHE]
    try:
        if cache.add(cache_key, 1, period + 5):
            count = 1
        else:
            count = cache.incr(cache_key)
    except ValueError:  # the key expired between add and incr: this is the window's first request
        count = 1
    except Exception:  # noqa: BLE001 - a cache never decides a permission: without it, no limit
        logger.warning("Limita de cereri %s nu a putut fi verificată (cache indisponibil)", name, exc_info=True)
        return None
    if count is None or count <= limit:  # a fail-safe cache answers None when it is down
        return None
    return max(1, math.ceil((window + 1) * period - now))


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rule = rule_for(request)
        if rule is not None:
            rate = parse_rate(settings.PRIMARIA_RATE_LIMITS.get(rule.name, ""))
            if rate is not None:
                wait = hit(rule.name, client_ip(request), *rate)
                if wait is not None:
                    logger.info("Limita de cereri %s depășită de %s", rule.name, client_ip(request))
                    return too_many_requests(request, wait)
        return self.get_response(request)
