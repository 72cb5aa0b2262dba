"""A stand-in for ROeID on this machine, for the demo: `manage.py roeid_demo_provider [--port 8001]`.

It is oidc-provider-mock (a real OpenID Connect provider, installed with the test extra) with two people
who send ROeID's attribute names: Ion Popescu, whose CNP has a demo account (his first login links it,
after the account's password), and Ana Georgescu, new to the platform (her first login opens an account).
Start the site with the variables this command prints.
"""

from django.core.management.base import BaseCommand

PEOPLE = {
    "ion.popescu": {"cnp": "1800101350018", "nume": "Popescu", "prenume": "Ion", "email": "ion.popescu@example.ro",
                    "adresa": "Str. Mărășești nr. 4, ap. 2", "localitate": "Municipiul Demo", "judet": "Timiș",
                    "acr": "http://eidas.europa.eu/LoA/substantial"},
    "ana.georgescu": {"cnp": "2850612350017", "nume": "Georgescu", "prenume": "Ana", "email": "ana.georgescu@example.ro",
                      "telefon": "0722 000 111", "adresa": "Str. Libertății nr. 7", "localitate": "Municipiul Demo",
                      "judet": "Timiș", "acr": "http://eidas.europa.eu/LoA/high"},
}


class Command(BaseCommand):
    help = "Runs a local OpenID Connect provider standing in for ROeID, with two demo people."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8001)

    def handle(self, *args, port, **options):
        import oidc_provider_mock

        app = oidc_provider_mock.app(
            require_nonce=True, user_claims=[oidc_provider_mock.User(sub=sub, claims=c) for sub, c in PEOPLE.items()])
        self.stdout.write(
            "Porniți site-ul cu:\n"
            f"  PRIMARIA_ROEID_ISSUER=http://localhost:{port} PRIMARIA_ROEID_CLIENT_ID=primaria-demo "
            "PRIMARIA_ROEID_CLIENT_SECRET=demo AUTHLIB_INSECURE_TRANSPORT=1\n"
            "și deschideți http://localhost:8000/cont/intrare/ (aceeași gazdă, localhost). "
            f"Persoane: {', '.join(PEOPLE)}.\n")
        app.run(host="localhost", port=port, use_reloader=False)
