from django.shortcuts import render

from primaria.institutions.selectors import main_institution

from . import selectors


def service_list(request):
    institution = main_institution()
    query = request.GET.get("q", "").strip()
    category = request.GET.get("categorie", "")
    search = selectors.search_services(institution, query=query, category_code=category)
    categories = list(selectors.categories_with_services(institution))
    return render(request, "catalog/list.html", {
        "search": search, "services": search.services, "query": search.query, "category": category,
        "category_name": next((c.name for c in categories if c.code == category), ""),
        "categories": categories,
    })


def service_detail(request, slug):
    from primaria.accounts.selectors import acting_party
    from primaria.core import rules
    from primaria.requests.models import Request

    service = selectors.service_by_slug(main_institution(), slug)
    party = acting_party(request) if request.user.is_authenticated else None
    # Under a mandate limited to some services, say so here rather than after pressing the button.
    outside_scope = (party is not None and getattr(party, "mandate_id", None) is not None
                     and not rules.can(request.user, Request(applicant=party, service=service), "start"))
    return render(request, "catalog/detail.html", {
        "service": service, "party": party,
        "scope_message": rules.scope_message(party, service) if outside_scope else "",
    })
