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
import uuid

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction


def content_key(*parts) -> str:
    """A short digest of `parts` (plain values, tuples, dataclasses: anything with a stable repr)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


# --- values kept until the rows they come from change ---------------------------------------------------------


class Generation:
    """Small values worked out from a few tables (how many documents wait for an official's signature), kept
    in the shared cache until a row of those tables changes.

    Each value is stored beside the generation's token and served only while that token is current; the
    signals of the tables call `changed()`, which draws a new token at once and again when the transaction
    commits. A reader takes the token before it reads the rows, so whatever it stores was read after every
    commit that the token has seen: a change is visible on the next page, in every process. One read of
    the cache (the token and the value together) replaces the query; `seconds` bounds how long a value
    is kept even if nothing changes.
    """

    def __init__(self, name: str, seconds: int = 300):
        self.token_key = f"generation:{name}"
        self.seconds = seconds

    def get(self, key: str, compute):
        key = f"{self.token_key}:{key}"
        found = cache.get_many([self.token_key, key])
        token, held = found.get(self.token_key), found.get(key)
        if token is not None and held is not None and held[0] == token:
            return held[1]
        if token is None:
            token = uuid.uuid4().hex
            if not cache.add(self.token_key, token, None):
                token = None  # another process has just drawn one: keep nothing that could outlive it
        value = compute()
        if token is not None:
            cache.set(key, (token, value), self.seconds)
        return value

    def changed(self, **kwargs):
        """Start a new generation now and once more after the current transaction commits (signal receiver)."""
        self._renew()
        transaction.on_commit(self._renew)

    def _renew(self):
        cache.set(self.token_key, uuid.uuid4().hex, None)


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


class SharedRedisCache(RedisCache):
    """Django's Redis cache backend, reusing its Redis clients (CACHES when REDIS_URL is set)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingClient
