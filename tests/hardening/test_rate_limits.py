"""Rate limits on the public endpoints: the request over the limit gets a 429 in Romanian, other addresses are
not affected, and a cache that is down lets every request through."""

import itertools

import pytest
from django.core.cache import caches

from primaria.core import ratelimit

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.PRIMARIA_RATE_LIMITS = {**settings.PRIMARIA_RATE_LIMITS, "sign_in": "3/m", "search": "2/m",
                                     "verification": "2/h", "queue_ticket": "2/m", "sign_up": "2/h"}
    return settings


_accounts = itertools.count()


def sign_in(client, ip="10.0.0.1"):
    """A failed sign-in, each time for another account (so django-axes, which locks one account, never answers)."""
    return client.post("/cont/intrare/", {"username": f"nimeni{next(_accounts)}@example.ro", "password": "gresita"},
                       REMOTE_ADDR=ip)


def test_the_request_over_the_limit_gets_a_romanian_page(client, limits):
    for _ in range(3):
        assert sign_in(client).status_code != 429
    response = sign_in(client)
    assert response.status_code == 429
    text = response.content.decode()
    assert "Prea multe cereri într-un timp scurt" in text
    assert "Așteptați" in text and '<html lang="ro"' in text
    assert 1 <= int(response["Retry-After"]) <= 60


def test_another_address_is_not_affected(client, limits):
    for _ in range(4):
        sign_in(client, "10.0.0.1")
    assert sign_in(client, "10.0.0.1").status_code == 429
    assert sign_in(client, "10.0.0.2").status_code != 429


def test_pages_that_are_not_limited_stay_open(client, limits):
    for _ in range(4):
        sign_in(client)
    assert client.get("/cont/intrare/", REMOTE_ADDR="10.0.0.1").status_code == 200  # reading the form is not limited
    assert client.get("/servicii/", REMOTE_ADDR="10.0.0.1").status_code == 200


def test_search_is_limited_only_when_it_searches(client, limits):
    for _ in range(5):
        assert client.get("/servicii/", REMOTE_ADDR="10.0.0.3").status_code == 200
    assert client.get("/servicii/?q=certificat", REMOTE_ADDR="10.0.0.3").status_code == 200
    assert client.get("/arhiva/?q=hotarare", REMOTE_ADDR="10.0.0.3").status_code == 200
    assert client.get("/servicii/?q=urbanism", REMOTE_ADDR="10.0.0.3").status_code == 429


def test_verification_upload_and_sign_up_are_limited(client, limits):
    for _ in range(2):
        assert client.post("/verificare/COD-INEXISTENT/", {}, REMOTE_ADDR="10.0.0.4").status_code != 429
    assert client.post("/verificare/COD-INEXISTENT/", {}, REMOTE_ADDR="10.0.0.4").status_code == 429
    for _ in range(2):
        assert client.post("/cont/inregistrare/", {}, REMOTE_ADDR="10.0.0.4").status_code != 429
    assert client.post("/cont/inregistrare/", {}, REMOTE_ADDR="10.0.0.4").status_code == 429


def test_queue_kiosk_ticket_is_limited(client, limits):
    for _ in range(2):
        assert client.post("/coada/ghiseu-oarecare/", {}, REMOTE_ADDR="10.0.0.5").status_code != 429
    assert client.post("/coada/ghiseu-oarecare/", {}, REMOTE_ADDR="10.0.0.5").status_code == 429
    assert client.get("/coada/ghiseu-oarecare/", REMOTE_ADDR="10.0.0.5").status_code != 429


def test_the_api_gets_json(client, limits):
    limits.PRIMARIA_RATE_LIMITS = {**limits.PRIMARIA_RATE_LIMITS, "report": "1/h"}
    client.post("/api/v1/reports/", {}, content_type="application/json", REMOTE_ADDR="10.0.0.6")
    response = client.post("/api/v1/reports/", {}, content_type="application/json", REMOTE_ADDR="10.0.0.6")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert "prea multe cereri" in response.json()["detail"]


def test_a_limit_of_zero_switches_it_off(client, limits):
    limits.PRIMARIA_RATE_LIMITS = {**limits.PRIMARIA_RATE_LIMITS, "sign_in": "0"}
    for _ in range(6):
        assert sign_in(client).status_code != 429


def test_the_address_behind_trusted_proxies(client, limits):
    limits.PRIMARIA_PROXY_COUNT = 1
    for _ in range(3):
        client.post("/cont/intrare/", {"username": f"a{next(_accounts)}@b.ro", "password": "x"}, REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4")
    # the client may prepend anything: the proxy's own entry (the last one) is what counts
    over = client.post("/cont/intrare/", {"username": f"a{next(_accounts)}@b.ro", "password": "x"}, REMOTE_ADDR="127.0.0.1",
                       HTTP_X_FORWARDED_FOR="9.9.9.9, 1.2.3.4")
    assert over.status_code == 429
    other = client.post("/cont/intrare/", {"username": f"a{next(_accounts)}@b.ro", "password": "x"}, REMOTE_ADDR="127.0.0.1",
                        HTTP_X_FORWARDED_FOR="5.6.7.8")
    assert other.status_code != 429


class BrokenCache:
    def add(self, *args, **kwargs):
        raise ConnectionError("Redis is down")

    def incr(self, *args, **kwargs):
        raise ConnectionError("Redis is down")


def test_a_cache_failure_does_not_block(client, limits, monkeypatch):
    real = caches["default"]

    class Caches:
        def __getitem__(self, alias):
            return BrokenCache() if alias == "default" else real

    monkeypatch.setattr(ratelimit, "caches", Caches())
    for _ in range(6):
        assert sign_in(client).status_code != 429


def test_a_redis_cache_that_is_down_does_not_block(client, limits):
    limits.CACHES = {**limits.CACHES, "ratelimit-redis": {
        "BACKEND": "primaria.core.cache.SharedRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    limits.PRIMARIA_RATE_LIMIT_CACHE = "ratelimit-redis"
    for _ in range(5):
        assert sign_in(client).status_code != 429


def test_rates_are_parsed():
    assert ratelimit.parse_rate("20/m") == (20, 60)
    assert ratelimit.parse_rate("100/5m") == (100, 300)
    assert ratelimit.parse_rate("0") is None
    with pytest.raises(ValueError):
        ratelimit.parse_rate("douăzeci")


def test_a_limit_that_cannot_be_read_stops_the_start(settings):
    from primaria.core.checks import rate_limits_are_readable

    assert rate_limits_are_readable(None) == []
    settings.PRIMARIA_RATE_LIMITS = {"sign_in": "douăzeci pe minut", "sgn_up": "5/h"}
    assert {error.id for error in rate_limits_are_readable(None)} == {"primaria.E002", "primaria.E003"}
