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
        """Start a new generation of these parts (of the whole, without parts) now and once more after the
        current transaction commits."""
        keys = [self._token_key(part) for part in parts] if parts else [self._token_key(None)]

        def renew():
            cache.set_many({key: uuid.uuid4().hex for key in keys}, None)

        renew()
        transaction.on_commit(renew)

    def receiver(self, sender, **kwargs):
        """A signal receiver that renews the whole generation."""
        self.changed()


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
