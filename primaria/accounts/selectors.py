from django.db.models import DateField, F, Q, Value
from django.utils import timezone

from .models import Party, PartyKind, Representation, RepresentationStatus


def person_of(user):
    if not user.is_authenticated:
        return None
    try:
        return user.person
    except Party.DoesNotExist:
        return None


def in_force(day=None, prefix="") -> Q:
    """The representations that grant rights on `day` (today by default): verified by the registry and
    within their validity. Every query that lets someone act for a company filters on this."""
    day = day or timezone.localdate()
    return Q(**{f"{prefix}status": RepresentationStatus.VERIFIED}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})
    )


def companies_of(user):
    """The companies a user may act for right now."""
    if not user.is_authenticated:
        return Party.objects.none()
    granting = Representation.objects.filter(in_force(), user=user).values("company_id")
    return Party.objects.filter(kind=PartyKind.COMPANY, pk__in=granting).order_by("name")


def representations_of(user):
    """Every representation the user asked for, whatever its state, newest first: what their account page shows."""
    if not user.is_authenticated:
        return Representation.objects.none()
    return (Representation.objects.filter(user=user).select_related("company", "proof")
            .order_by("-created_at", "-pk"))


def parties_of(user) -> list[Party]:
    """Everyone a user may act for: themselves and the companies they represent (one query, kept on the user
    and, for the signed-in user, in the cache with it: accounts.backends).

    Each company carries the end of the mandate (`mandate_until`) and the list is filtered by it on every
    read, so a mandate that ends while the list is kept grants nothing from that day on.
    """
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_parties_cache", None)
    if cached is None:
        # A union of two index lookups; an OR across the join would make the database read every company.
        # Every condition on the representation sits in one filter() so that they apply to the same row.
        own = Party.objects.filter(user=user).annotate(mandate_until=Value(None, output_field=DateField()))
        represented = Party.objects.filter(
            in_force(prefix="representatives__"), kind=PartyKind.COMPANY, representatives__user=user,
        ).annotate(mandate_until=F("representatives__valid_until"))
        cached = sorted(own.union(represented), key=lambda p: (p.kind != PartyKind.PERSON, p.name))
        user._parties_cache = cached
    today = timezone.localdate()
    return [p for p in cached if getattr(p, "mandate_until", None) is None or p.mandate_until >= today]


def party_ids_of(user) -> list[int]:
    return [party.pk for party in parties_of(user)]


def can_act_for(user, party) -> bool:
    return party is not None and party.pk in party_ids_of(user)


def may_decide_representations(user) -> bool:
    """Registry clerks and the secretary general of the city hall check the proofs of representation: a
    verified representation counts on the whole platform, which the city hall runs."""
    from primaria.institutions.models import Role
    from primaria.institutions.selectors import main_institution, positions_of

    if not getattr(user, "is_authenticated", False):
        return False
    deciding = [p for p in positions_of(user) if p.role in (Role.REGISTRY_CLERK, Role.SECRETARY_GENERAL)]
    if not deciding:
        return False
    institution = main_institution()
    return institution is not None and any(p.department.institution_id == institution.pk for p in deciding)


def pending_representations():
    """The registry's queue: claims waiting for their proof to be checked, oldest first."""
    return (Representation.objects.filter(status=RepresentationStatus.PENDING)
            .select_related("user", "user__person", "company", "proof").order_by("created_at", "pk"))


def verified_representations_of_company(cui: str):
    """The mandates in force or ended by time for one company (by CUI), for the registry to revoke."""
    return (Representation.objects.filter(status=RepresentationStatus.VERIFIED, company__kind=PartyKind.COMPANY,
                                          company__cui=cui)
            .select_related("user", "company", "decided_by").order_by("created_at", "pk"))


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

    from primaria.core.cache import fill_many

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
        fill_many({name_key(pk): name for pk, name in found.items()}, NAME_SECONDS)
        names.update(found)
    return names
