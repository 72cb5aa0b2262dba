from django.db.models import DateField, F, IntegerField, Q, Value
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
    """The representations that grant rights on `day` (the city's date today by default): verified by the
    registry and within their validity period. Every query that lets someone act for another party filters
    on this."""
    day = day or timezone.localdate()
    return (Q(**{f"{prefix}status": RepresentationStatus.VERIFIED})
            & (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day}))
            & (Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})))


def here():
    """The city hall of the running request (the installation's own outside a request)."""
    from primaria.institutions.selectors import main_institution

    return main_institution()


def city_hall_of_institution(institution_id):
    """The city hall (root) an institution belongs to: the one the request serves when it is under it (no
    query), else read up the tree. For the rules that judge an object (a request) by where it was filed."""
    from primaria.institutions import tenancy
    from primaria.institutions.models import Institution

    city_hall = here()
    if institution_id is None or (city_hall is not None and institution_id in tenancy.institution_ids(city_hall)):
        return city_hall
    return tenancy.city_hall_of(Institution.objects.filter(pk=institution_id).first())


def companies_of(user, city_hall=None):
    """The companies a user may act for right now before the city hall (the one of the running request by
    default)."""
    if not user.is_authenticated:
        return Party.objects.none()
    city_hall = city_hall or here()
    granting = Representation.objects.filter(in_force(), user=user, city_hall=city_hall).values("company_id")
    return Party.objects.filter(kind=PartyKind.COMPANY, pk__in=granting).order_by("name")


def representations_of(user):
    """Every representation the user asked for, whatever its state, newest first: what their account page shows."""
    if not user.is_authenticated:
        return Representation.objects.none()
    return (Representation.objects.filter(user=user).select_related("company", "proof", "city_hall")
            .prefetch_related("services").order_by("-created_at", "-pk"))


def mandates_given_by(user):
    """The mandates others hold for the user (as a represented person), decided or waiting, newest first: what
    their account page shows, with a way to revoke those in force."""
    person = person_of(user)
    if person is None:
        return Representation.objects.none()
    return (Representation.objects.filter(company=person).exclude(status=RepresentationStatus.REFUSED)
            .select_related("user", "proof", "city_hall").prefetch_related("services")
            .order_by("-created_at", "-pk"))


def mandates_in_folder(party):
    """The mandates whose evidence a party's folder keeps: those it gave and, for a person with an account, those
    they hold; verified by the registry, whether still in force or ended since."""
    mine = Q(company=party) | Q(user_id=party.user_id) if party.user_id else Q(company=party)
    return (Representation.objects.filter(mine, status__in=[RepresentationStatus.VERIFIED,
                                                            RepresentationStatus.REVOKED],
                                          decided_at__isnull=False)
            .select_related("user", "company", "proof", "city_hall").prefetch_related("services")
            .order_by("-created_at", "-pk"))


def parties_of(user, city_hall=None) -> list[Party]:
    """Everyone a user may act for before a city hall (the one of the running request by default): themselves
    and the companies and persons they hold a mandate for that this city hall verified (two queries, kept on
    the user for the web request: accounts.backends). A mandate verified by another city hall grants nothing
    here: this city hall's registry checks the proof first.

    Each represented party carries its mandate: `mandate_id`, its validity period (`mandate_from`,
    `mandate_until`) and its scope (`mandate_services`: the ids of the services it covers, None for all). The
    list is filtered by the period on every read, so a mandate that ends while the list is kept grants
    nothing from that day on.
    """
    if not user.is_authenticated:
        return []
    city_hall = city_hall or here()
    kept = user.__dict__.setdefault("_parties_cache", {})
    cached = kept.get(getattr(city_hall, "pk", None))
    if cached is None:
        # A union of two index lookups; an OR across the join would make the database read every company.
        # Every condition on the representation sits in one filter() so that they apply to the same row.
        none_date = Value(None, output_field=DateField())
        own = Party.objects.filter(user=user).annotate(
            mandate_id=Value(None, output_field=IntegerField()), mandate_from=none_date, mandate_until=none_date)
        represented = Party.objects.filter(in_force(prefix="representatives__"), representatives__user=user,
                                           representatives__city_hall=city_hall).annotate(
            mandate_id=F("representatives__id"), mandate_from=F("representatives__valid_from"),
            mandate_until=F("representatives__valid_until"))
        cached = sorted(own.union(represented), key=lambda p: (p.mandate_id is not None, p.kind != PartyKind.PERSON,
                                                               p.name))
        scopes = {}
        mandate_ids = [p.mandate_id for p in cached if p.mandate_id is not None]
        if mandate_ids:
            through = Representation.services.through.objects.filter(representation_id__in=mandate_ids)
            for mandate_id, service_id in through.values_list("representation_id", "service_id"):
                scopes.setdefault(mandate_id, set()).add(service_id)
        for party in cached:
            scope = scopes.get(party.mandate_id)
            party.mandate_services = frozenset(scope) if scope else None
        kept[getattr(city_hall, "pk", None)] = cached
    today = timezone.localdate()
    return [p for p in cached
            if (p.mandate_from is None or p.mandate_from <= today) and (p.mandate_until is None or p.mandate_until >= today)]


def party_ids_of(user, city_hall=None) -> list[int]:
    return [party.pk for party in parties_of(user, city_hall)]


def acting_entry(user, party, city_hall=None):
    """The user's entry for `party` in `parties_of` (with its mandate) before the city hall (the running
    request's by default; for an object, the city hall it belongs to), or None when they may not act for it."""
    if party is None:
        return None
    return next((p for p in parties_of(user, city_hall) if p.pk == party.pk), None)


def in_scope(entry, service_id) -> bool:
    """Whether the mandate of an entry of `parties_of` covers the service (own party: always)."""
    scope = getattr(entry, "mandate_services", None)
    return scope is None or service_id in scope


def can_act_for(user, party, service=None, city_hall=None) -> bool:
    """Whether the user may act for `party` now (before the city hall, the running request's by default); given
    a service (or its id), for that service."""
    entry = acting_entry(user, party, city_hall)
    if entry is None:
        return False
    return service is None or in_scope(entry, getattr(service, "pk", service))


def mandate_in_force(user, party, city_hall=None):
    """The Representation under which the user acts for `party` now (before the city hall, the running
    request's by default), or None (their own party, or no mandate)."""
    entry = acting_entry(user, party, city_hall)
    if entry is None or entry.mandate_id is None:
        return None
    return Representation.objects.filter(in_force(), pk=entry.mandate_id).select_related("company").first()


def may_decide_representations(user, representation=None) -> bool:
    """Registry clerks and the secretary general of the city hall the request serves check the proofs of
    representation, and only of the claims made on it (`representation`, when given): a verified mandate
    counts before the city hall that verified it, no other."""
    from primaria.institutions.models import Role
    from primaria.institutions.selectors import main_institution, positions_of

    if not getattr(user, "is_authenticated", False):
        return False
    deciding = [p for p in positions_of(user) if p.role in (Role.REGISTRY_CLERK, Role.SECRETARY_GENERAL)]
    if not deciding:
        return False
    institution = main_institution()
    if institution is None or not any(p.department.institution_id == institution.pk for p in deciding):
        return False
    return representation is None or representation.city_hall_id == institution.pk


def representations_here(city_hall=None):
    """The claims made on the city hall (the running request's by default): the only ones its registry sees,
    opens and decides."""
    return Representation.objects.filter(city_hall=city_hall or here())


def pending_representations(city_hall=None):
    """The registry's queue: claims made on the city hall waiting for their proof to be checked, oldest first."""
    return (representations_here(city_hall).filter(status=RepresentationStatus.PENDING)
            .select_related("user", "user__person", "company", "proof").prefetch_related("services")
            .order_by("created_at", "pk"))


def verified_representations_of_company(cui: str, city_hall=None):
    """The mandates the city hall verified, in force or ended by time, for one company (by CUI) or one person
    (by CNP), for its registry to revoke."""
    return (representations_here(city_hall).filter(Q(company__kind=PartyKind.COMPANY, company__cui=cui)
                                          | Q(company__kind=PartyKind.PERSON, company__cnp=cui),
                                          status=RepresentationStatus.VERIFIED)
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
