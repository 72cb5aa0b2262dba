"""Who is signed in, read from the database on every request.

The user's row, their positions (with departments) and the parties they may act for are read once per
request, in three indexed queries, and travel with `request.user` for that request only. They are never
kept in a cache: a revoked position, a refused mandate or a deactivated account counts from the very next
request, in every process, and no cache outage or lost invalidation can let a former official act.
"""

from django.contrib.auth.backends import ModelBackend

NAME_SECONDS = 24 * 60 * 60


def name_key(user_id) -> str:
    return f"accounts:name:{user_id}"


class AccountsBackend(ModelBackend):
    """Django's ModelBackend, loading the user's positions and parties with the user."""

    def get_user(self, user_id):
        from primaria.accounts.selectors import parties_of
        from primaria.institutions.selectors import positions_of

        user = super().get_user(user_id)
        if user is not None:
            positions_of(user)
            parties_of(user)
        return user
