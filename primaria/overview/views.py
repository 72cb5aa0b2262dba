from django.core.paginator import Paginator
from django.shortcuts import render

from primaria.core.decorators import official_required
from primaria.institutions.models import Role
from primaria.requests.models import OPEN_STATUSES

from . import selectors

PAGE_SIZE = 50


@official_required(Role.MAYOR, Role.SECRETARY_GENERAL)
def index(request):
    user = request.user
    departments = list(selectors.departments_of(user))
    department = request.GET.get("compartiment", "")
    department_id = int(department) if department.isdigit() and any(str(d.pk) == department for d in departments) else None
    status = request.GET.get("stare", "")
    status = status if status in OPEN_STATUSES else ""
    sort = request.GET.get("ordine", "")
    sort = sort if sort in selectors.OPEN_SORTS else selectors.DEFAULT_SORT

    open_qs = selectors.open_requests(user, department_id=department_id, status=status, sort=sort)
    page = Paginator(open_qs, PAGE_SIZE).get_page(request.GET.get("pagina"))

    return render(request, "overview/index.html", {
        **selectors.cached_figures(user),
        "overdue": list(selectors.overdue_requests(user)),
        "overdue_limit": selectors.OVERDUE_LIMIT,
        "page": page,
        "departments": departments,
        "statuses": [(s.value, s.label) for s in OPEN_STATUSES],
        "sorts": [(key, label) for key, (label, _) in selectors.OPEN_SORTS.items()],
        "filters": {"department": str(department_id or ""), "status": status, "sort": sort},
    })
