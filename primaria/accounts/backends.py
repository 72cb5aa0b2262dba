"""Who is signed in, read once per request from the shared cache.

Every page asks who the user is, which offices they hold (positions, with their departments) and whom
they may act for (themselves and the companies they represent). These answers change rarely and are
read on every request, so they are kept in the shared cache as one entry per user. The signals in
accounts.signals drop the entry as soon as a row behind it changes (the user, a position, a party, a
representation, a department or an institution), so a revoked position or a changed password counts
from the next request on; the expiry below only bounds what a change made outside Django could leave.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

PRINCIPAL_SECONDS = 10 * 60
NAME_SECONDS = 24 * 60 * 60


def principal_key(user_id) -> str:
    return f"accounts:principal:{user_id}"


def name_key(user_id) -> str:
    return f"accounts:name:{user_id}"


def forget_principals(user_ids):
    """Drop the cached entries (and names) now, and again once the transaction commits: a page served in
    between could have cached the rows as they were before the commit."""
    ids = {pk for pk in user_ids if pk is not None}
    keys = [principal_key(pk) for pk in ids] + [name_key(pk) for pk in ids]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


class CachedModelBackend(ModelBackend):
    """Django's ModelBackend, with the signed-in user, their positions and parties kept in the cache."""

    def get_user(self, user_id):
        from primaria.accounts.selectors import parties_of
        from primaria.institutions.selectors import positions_of

        key = principal_key(user_id)
        user = cache.get(key)
        if user is not None:
            return user if self.user_can_authenticate(user) else None
        user = super().get_user(user_id)
        if user is not None:
            positions_of(user)  # loaded now, so that they travel in the cached entry
            parties_of(user)
            cache.set(key, user, PRINCIPAL_SECONDS)
        return user
