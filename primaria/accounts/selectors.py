from .models import Party, PartyKind


def person_of(user):
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except Party.DoesNotExist:
        return None


def companies_of(user):
    if not user.is_authenticated:
        return Party.objects.none()
    return Party.objects.filter(
        kind=PartyKind.COMPANY, representatives__user=user, representatives__active=True
    ).order_by("name")


def parties_of(user) -> list[Party]:
    """Everyone a user may act for: themselves and the companies they represent (one query, kept on the user
    and, for the signed-in user, in the cache with it: accounts.backends)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_parties_cache", None)
    if cached is None:
        # A union of two index lookups; an OR across the join would make the database read every company.
        parties = Party.objects.filter(user=user).union(
            Party.objects.filter(kind=PartyKind.COMPANY, representatives__user=user, representatives__active=True))
        cached = sorted(parties, key=lambda p: (p.kind != PartyKind.PERSON, p.name))
        user._parties_cache = cached
    return cached


def party_ids_of(user) -> list[int]:
    return [party.pk for party in parties_of(user)]


def can_act_for(user, party) -> bool:
    return party is not None and party.pk in party_ids_of(user)


ACTING_SESSION_KEY = "acting_party"


def acting_party(request):
    """Who the signed-in user is acting for right now: themselves or a company they represent."""
    if not hasattr(request, "_acting_party"):
        party = None
        if request.user.is_authenticated:
            parties = parties_of(request.user)
            wanted = request.session.get(ACTING_SESSION_KEY)
            party = next((p for p in parties if str(p.public_id) == wanted), parties[0] if parties else None)
        request._acting_party = party
    return request._acting_party


def display_names(user_ids) -> dict:
    """{user id: "First Last"} as lists of officials show them, from the shared cache; accounts.signals drops
    a user's entry when the user is saved."""
    from django.core.cache import cache

    from .backends import NAME_SECONDS, name_key
    from .models import User

    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return {}
    cached = cache.get_many([name_key(pk) for pk in ids])
    names = {pk: cached[name_key(pk)] for pk in ids if name_key(pk) in cached}
    missing = ids - set(names)
    if missing:
        found = {pk: " ".join(filter(None, (first, last))) for pk, first, last in
                 User.objects.filter(pk__in=missing).values_list("pk", "first_name", "last_name")}
        cache.set_many({name_key(pk): name for pk, name in found.items()}, NAME_SECONDS)
        names.update(found)
    return names
