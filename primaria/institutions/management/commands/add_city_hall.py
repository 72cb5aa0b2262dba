"""Add a city hall to this installation: `manage.py add_city_hall --code CBETA --name "Primăria Comunei Beta"
--host primaria.comuna-beta.ro --address "..." --secretary-email secretar@comuna-beta.ro`."""

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http.request import validate_host
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from primaria.institutions import services, tenancy


class Command(BaseCommand):
    help = ("Adaugă o primărie pe această instalare (un consiliu județean care găzduiește o comună): instituția, "
            "compartimentele obișnuite, numele de domeniu, secretarul general și catalogul de pornire.")

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="codul primăriei, de exemplu CBETA")
        parser.add_argument("--name", required=True, help="denumirea, de exemplu „Primăria Comunei Beta”")
        parser.add_argument("--host", required=True, help="numele de domeniu, de exemplu primaria.comuna-beta.ro")
        parser.add_argument("--address", required=True)
        parser.add_argument("--short-name", default="")
        parser.add_argument("--county", default="")
        parser.add_argument("--cui", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--secretary-email", default="", help="contul secretarului general (creat dacă lipsește)")
        parser.add_argument("--secretary-name", default="")
        parser.add_argument("--no-catalog", action="store_true", help="fără catalogul de pornire")

    def handle(self, *args, **options):
        try:
            city_hall = services.add_city_hall(
                actor=None, code=options["code"], name=options["name"], host=options["host"],
                address=options["address"], short_name=options["short_name"], county=options["county"],
                cui=options["cui"], email=options["email"], phone=options["phone"],
                secretary_email=options["secretary_email"], secretary_name=options["secretary_name"],
                starter_catalog=not options["no_catalog"])
        except ValidationError as error:
            raise CommandError("\n".join(f"{field}: {'; '.join(messages)}"
                                         for field, messages in error.message_dict.items())) from error
        host = city_hall.host_names.get().host
        address = tenancy.site_url(city_hall)
        self.stdout.write(f"{city_hall.name} ({city_hall.code}) este servită la {address}/ "
                          f"cu {city_hall.services.count()} servicii în catalog.")
        from django.conf import settings

        if not validate_host(host, settings.ALLOWED_HOSTS):
            self.stderr.write(f"Atenție: {host} nu este în PRIMARIA_ALLOWED_HOSTS; adăugați-l (sau un domeniu-părinte "
                              f"cu punct în față) și reporniți serviciul web.")
        secretary = (city_hall.departments.get(code="sg").positions.filter(active=True).select_related("user").first())
        if secretary is not None and not secretary.user.has_usable_password():
            link = reverse("accounts:password_reset_confirm", kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(secretary.user.pk)),
                "token": default_token_generator.make_token(secretary.user)})
            self.stdout.write(f"Secretarul general își alege parola la: {address}{link}")
