from django.shortcuts import render

from primaria.core.decorators import official_required
from primaria.institutions.models import Role


@official_required(Role.MAYOR, Role.SECRETARY_GENERAL)
def index(request):
    return render(request, "overview/index.html", {})
