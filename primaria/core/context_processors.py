from django.conf import settings


def site(request):
    from primaria.accounts.selectors import acting_party, parties_of
    from primaria.institutions.models import Role
    from primaria.institutions.selectors import has_role, is_official, main_institution

    user = request.user
    official = user.is_authenticated and is_official(user)
    return {
        "site_institution": main_institution(),
        "acting_party": None if official else acting_party(request),
        "acting_parties": parties_of(user) if user.is_authenticated and not official else [],
        "is_official": official,
        "can_counter": official and has_role(user, Role.REGISTRY_CLERK),
        "can_overview": official and has_role(user, Role.MAYOR, Role.SECRETARY_GENERAL),
        "to_sign_count": _to_sign_count(user) if official else 0,
        "SITE_URL": settings.SITE_URL,
    }


def _to_sign_count(user):
    """Documents waiting for the user's signature, their own or a principal's they stand in for (one query)."""
    from django.db.models import Q

    from primaria.documents.models import SignatureStep
    from primaria.institutions.selectors import delegations_held_by

    return SignatureStep.objects.filter(
        Q(signer=user) | Q(signer__in=delegations_held_by(user).values("principal_id")),
        status=SignatureStep.Status.CURRENT, document__status="signing").count()
