"""The caches: fragments cached under the data they show, values kept until their rows change, and the Redis
backend.

`content_key` digests the very values a fragment is rendered from; used as the `{% cache %}` tag's
vary-on value, it makes a fragment that is always up to date: the data is read on every request (one
cheap query), and only when it differs from last time is the HTML rendered again. Many officials
watching the same inbox then cost one rendering, and nothing has to remember to invalidate anything.
Such fragments go to the per-process "local" cache (`{% cache ... using="local" %}`): a key that names
its content is never stale, so no process needs to ask the shared cache for it.
"""

import hashlib
import logging
import uuid

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction

logger = logging.getLogger(__name__)


def content_key(*parts) -> str:
    """A short digest of `parts` (plain values, tuples, dataclasses: anything with a stable repr)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


# --- values kept until the rows they come from change ---------------------------------------------------------


class Generation:
    """Values worked out from a few tables (how many documents wait for an official's signature, a page of a
    department's inbox), kept in the shared cache until a row of those tables changes.

    Each value is stored beside the tokens it was read under and served only while they are all current.
    A generation may have parts (the departments of an inbox): a value read for some parts depends on their
    tokens only, and a change renews only the parts it touches. The signals of the tables call `changed()`,
    which draws new tokens at once and again when the transaction commits. A reader takes the tokens before
    it reads the rows, so whatever it stores was read after every commit those tokens have seen: a change
    is visible on the next page, in every process. One read of the cache (the tokens and the value
    together) replaces the queries; `seconds` bounds how long a value is kept even if nothing changes.
    """

    def __init__(self, name: str, seconds: int = 300):
        self.name = name
        self.seconds = seconds

    def _token_key(self, part) -> str:
        return f"generation:{self.name}" if part is None else f"generation:{self.name}:{part}"

    def get(self, key: str, compute, parts=(None,)):
        token_keys = [self._token_key(part) for part in parts]
        value_key = f"generation:{self.name}:value:{key}"
        found = cache.get_many([*token_keys, value_key])
        tokens = tuple(found.get(token_key) for token_key in token_keys)
        held = found.get(value_key)
        if None not in tokens and held is not None and held[0] == tokens:
            return held[1]
        if None in tokens:
            drawn = []
            for token_key, token in zip(token_keys, tokens, strict=True):
                if token is None:
                    token = uuid.uuid4().hex
                    if not cache.add(token_key, token, None):
                        token = None  # another process has just drawn one: keep nothing that could outlive it
                drawn.append(token)
            tokens = tuple(drawn)
        value = compute()
        if None not in tokens:
            cache.set(value_key, (tokens, value), self.seconds)
        return value

    def changed(self, *parts):
        """Start a new generation of these parts (of the whole, without parts) once the current transaction
        commits (at once outside one).

        Nothing is written to the cache inside a transaction: a change never waits for the cache, and a cache
        that fails never fails or rolls back a change. A reader that read the rows before the commit stored
        its value under the tokens of before, which the renewal retires. Renewal after commit is the fast
        path; the handlers of the change's events (primaria.outbox) renew the same parts again, so a process
        that dies between its commit and this callback leaves nothing stale behind.
        """
        keys = [self._token_key(part) for part in parts] if parts else [self._token_key(None)]
        transaction.on_commit(lambda: renew_tokens(keys), robust=True)

    def renew(self, *parts):
        """Renew now (a handler of an event, after the change has committed)."""
        renew_tokens([self._token_key(part) for part in parts] if parts else [self._token_key(None)])

    def receiver(self, sender, **kwargs):
        """A signal receiver that renews the whole generation."""
        self.changed()


def fill(key, value, timeout, backend=None):
    """Keep a value read from the database. Inside a transaction the value is kept once it commits, never
    before: a cache is not written while a change is in progress, and a rolled-back read leaves nothing."""
    fill_many({key: value}, timeout, backend)


def fill_many(values: dict, timeout, backend=None):
    backend = backend or cache

    def store():
        try:
            backend.set_many(values, timeout)
        except Exception:  # noqa: BLE001 - the next reader reads the database again
            logger.warning("Valorile %s nu au putut fi păstrate în cache", ", ".join(values), exc_info=True)

    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(store, robust=True)
    else:
        store()


def forget(key, backend=None):
    """Drop a kept value once the current transaction commits (at once outside one)."""
    backend = backend or cache

    def drop():
        try:
            backend.delete(key)
        except Exception:  # noqa: BLE001 - the value expires by itself
            logger.warning("Valoarea %s nu a putut fi ștearsă din cache", key, exc_info=True)

    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(drop, robust=True)
    else:
        drop()


def renew_tokens(keys):
    try:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)
    except Exception:  # noqa: BLE001 - values under the old tokens expire by themselves (Generation.seconds)
        logger.warning("Cache-ul nu a putut fi reînnoit (%s)", ", ".join(keys), exc_info=True)


# --- the shared cache on Redis ------------------------------------------------------------------------------



class _ReusingClient(RedisCacheClient):
    """Django's client builds a new redis.Redis object, with its table of reply handlers, for every call;
    one per connection pool is enough (redis.Redis is safe to share between threads)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class _FailSafeClient(_ReusingClient):
    """A cache that is down (refused, timed out, out of memory) reads as empty and drops writes: pages are
    then read from the database, and no change ever fails because of the cache."""

    def _safely(self, default, method, *args, **kwargs):
        try:
            return method(*args, **kwargs)
        except Exception:  # noqa: BLE001 - redis.RedisError, OSError: the cache is an optimisation only
            logger.warning("Cache-ul partajat nu răspunde; se citește din baza de date.", exc_info=False)
            return default

    def get(self, key, default):
        return self._safely(default, super().get, key, default)

    def get_many(self, keys):
        return self._safely({}, super().get_many, keys)

    def add(self, key, value, timeout):
        return self._safely(False, super().add, key, value, timeout)

    def set(self, key, value, timeout):
        return self._safely(None, super().set, key, value, timeout)

    def set_many(self, data, timeout):
        return self._safely(None, super().set_many, data, timeout)

    def touch(self, key, timeout):
        return self._safely(False, super().touch, key, timeout)

    def delete(self, key):
        return self._safely(False, super().delete, key)

    def delete_many(self, keys):
        return self._safely(None, super().delete_many, keys)

    def has_key(self, key):
        return self._safely(False, super().has_key, key)

    def clear(self):
        return self._safely(False, super().clear)


class SharedRedisCache(RedisCache):
    """Django's Redis cache backend, reusing its Redis clients and failing safe (CACHES when REDIS_URL is set).

    Short socket timeouts bound what an unreachable cache costs a page."""

    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)
        self._class = _FailSafeClient
