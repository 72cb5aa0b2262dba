from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from primaria.accounts import services as accounts_services
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


@require_POST
def choose_language(request):
    """The language switcher in every page's header: a form that works without JavaScript.

    Django's set_language keeps the choice in a cookie and returns to the page (only an address of this site);
    an account also keeps it, so its pages open in it on another device and its messages are written in it.
    """
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        accounts_services.choose_language(actor=request.user, language=language)
    return response
