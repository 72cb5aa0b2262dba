from django.shortcuts import render

from primaria.institutions.selectors import main_institution

from . import selectors


def service_list(request):
    institution = main_institution()
    query = request.GET.get("q", "").strip()
    category = request.GET.get("categorie", "")
    services = selectors.published_services(institution, query=query, category_code=category)
    return render(request, "catalog/list.html", {
        "services": services, "query": query, "category": category,
        "categories": selectors.categories_with_services(institution),
    })


def service_detail(request, slug):
    service = selectors.service_by_slug(main_institution(), slug)
    return render(request, "catalog/detail.html", {"service": service})
