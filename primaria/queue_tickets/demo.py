"""i18n: ro (demo data stays Romanian). The demo hall's walk-in queue: every service of the registry hall also takes tickets (A, B, C)."""

from primaria.appointments.models import AppointmentService
from primaria.institutions import tenancy

from .models import QueueService

LETTERS = [("depunere-documente", "A", 10), ("ridicare-acte", "B", 5), ("consiliere-cereri", "C", 20)]


def load_demo_queue():
    city_hall = tenancy.default_city_hall()  # the demo city: codes repeat from one city hall to another
    for slug, letter, minutes in LETTERS:
        service = AppointmentService.objects.filter(
            slug=slug, institution_id__in=tenancy.institution_ids(city_hall)).first()
        if service is not None:
            QueueService.objects.update_or_create(service=service, defaults={"letter": letter,
                                                                             "default_minutes": minutes})
