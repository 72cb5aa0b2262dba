from .models import Party, PartyKind, Representation


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
    """Everyone a user may act for: themselves and the companies they represent."""
    parties = []
    person = person_of(user)
    if person is not None:
        parties.append(person)
    parties.extend(companies_of(user))
    return parties


def party_ids_of(user) -> list[int]:
    if not user.is_authenticated:
        return []
    ids = list(Party.objects.filter(user=user).values_list("pk", flat=True))
    ids += list(Representation.objects.filter(user=user, active=True).values_list("company_id", flat=True))
    return ids


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
