from django.shortcuts import redirect, render

from primaria.catalog.selectors import categories_with_services, published_services
from primaria.institutions.selectors import is_official, main_institution


def home(request):
    if request.user.is_authenticated and is_official(request.user):
        return redirect("office:inbox")
    institution = main_institution()
    services = published_services(institution)[:6] if institution else []
    return render(request, "core/home.html", {
        "services": services, "categories": categories_with_services(institution) if institution else [],
    })
