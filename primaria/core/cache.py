"""The shared cache: fragments cached under the data they show, and the Redis backend.

`content_key` digests the very values a fragment is rendered from; used as the `{% cache %}` tag's
vary-on value, it makes a fragment that is always up to date: the data is read on every request (one
cheap query), and only when it differs from last time is the HTML rendered again. Many officials
watching the same inbox then cost one rendering, and nothing has to remember to invalidate anything.
"""

import hashlib

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


def content_key(*parts) -> str:
    """A short digest of `parts` (plain values, tuples, dataclasses: anything with a stable repr)."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


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
