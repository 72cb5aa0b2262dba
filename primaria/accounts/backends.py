"""Who is signed in, read from the database on every request.

The user's row and their positions (with departments) are read once per request, and the parties they may
act for once per request that asks (`accounts.selectors.parties_of`, the first time a page, a rule or the
menu needs them: an office page or the API seldom does). They travel with `request.user` for that request
only. They are never
kept in a cache: a revoked position, a refused mandate or a deactivated account counts from the very next
request, in every process, and no cache outage or lost invalidation can let a former official act.
"""

from django.contrib.auth.backends import ModelBackend

NAME_SECONDS = 24 * 60 * 60


def name_key(user_id) -> str:
    return f"accounts:name:{user_id}"


class AccountsBackend(ModelBackend):
    """Django's ModelBackend, loading the user's positions with the user (every page asks whether they are an
    official); their parties are read when first asked for, in the same request."""

    def get_user(self, user_id):
        from primaria.institutions.selectors import positions_of

        user = super().get_user(user_id)
        if user is not None:
            positions_of(user)
        return user
