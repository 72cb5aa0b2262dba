from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404

from .models import Category, Service


def published_services(institution, *, query="", category_code=""):
    """The city hall's services and those of its subordinate institutions, as one catalog."""
    qs = Service.objects.filter(
        Q(institution=institution) | Q(institution__parent=institution), active=True
    ).select_related("category", "department", "institution")
    if category_code:
        qs = qs.filter(category__code=category_code)
    for word in query.split():
        qs = qs.filter(Q(name__icontains=word) | Q(summary__icontains=word) | Q(description__icontains=word))
    return qs


def categories_with_services(institution):
    return Category.objects.filter(
        Q(services__institution=institution) | Q(services__institution__parent=institution), services__active=True
    ).distinct()


def service_by_slug(institution, slug) -> Service:
    service = (
        Service.objects.filter(Q(institution=institution) | Q(institution__parent=institution), slug=slug, active=True)
        .select_related("category", "department")
        .prefetch_related("fields", "required_documents__document_type", "signers")
        .first()
    )
    if service is None:
        raise Http404("Serviciul nu există.")
    return service


def with_form(service) -> Service:
    """The service with its questions and required documents loaded once, for the checks of a filing."""
    from .models import RequiredDocument

    if "fields" not in getattr(service, "_prefetched_objects_cache", {}):
        prefetch_related_objects([service], "fields", Prefetch(
            "required_documents", queryset=RequiredDocument.objects.select_related("document_type")))
    return service
