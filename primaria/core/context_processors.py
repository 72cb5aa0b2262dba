from django.utils.functional import lazy


def _site_url(city_hall) -> str:
    from primaria.institutions import tenancy

    return tenancy.site_url(city_hall).rstrip("/")


def site(request):
    from primaria.accounts.selectors import acting_party, parties_of
    from primaria.documents.selectors import to_sign_count
    from primaria.institutions.models import Role
    from primaria.institutions.selectors import has_role, is_official, main_institution

    user = request.user
    official = user.is_authenticated and is_official(user)
    institution = main_institution()
    return {
        "site_institution": institution,
        "acting_party": None if official else acting_party(request),
        "acting_parties": parties_of(user) if user.is_authenticated and not official else [],
        "is_official": official,
        "can_counter": official and has_role(user, Role.REGISTRY_CLERK),
        "can_overview": official and has_role(user, Role.MAYOR, Role.SECRETARY_GENERAL),
        "can_payments": official and _tax_office(user),
        "can_taxes": official and _tax_office(user, leaders=False),
        "can_parking": official and _parking_inspector(user),
        "can_audiences": official and _audience_office(user),
        "gives_audiences": official and has_role(user, Role.MAYOR, Role.DEPUTY_MAYOR, Role.SECRETARY_GENERAL, Role.HEAD),
        "to_sign_count": to_sign_count(user) if official else 0,
        # the address of the city hall the page serves (asked only by a page that writes an absolute link)
        "SITE_URL": lazy(_site_url, str)(institution),
    }


def _tax_office(user, leaders=True) -> bool:
    from primaria.core.rules import tax_office

    return tax_office(user, leaders=leaders)


def _audience_office(user) -> bool:
    from primaria.core.rules import audience_office

    return audience_office(user)


def _parking_inspector(user) -> bool:
    from primaria.core.rules import parking_inspector

    return parking_inspector(user)
