"""ROeID pages and sign-up in English and Hungarian: a new account keeps the language of the page."""

import pytest
from django.test import Client

from primaria.accounts.models import User

from .provider import cnp, roeid_claims
from .test_roeid import roeid_login


@pytest.mark.django_db
@pytest.mark.parametrize("language, heading", [("en", "Create your account with the data from ROeID"),
                                                ("hu", "Hozza létre fiókját a ROeID adataival")])
def test_a_new_account_from_roeid_keeps_the_language_of_the_page(roeid, language, heading):
    roeid.set_person("sub-nou", roeid_claims(cnp(serial="106")))
    client = Client()
    client.cookies["limba"] = language
    roeid_login(client, roeid, "sub-nou")
    page = client.get("/cont/roeid/cont-nou/").content.decode()
    assert heading in page and "Creați contul cu datele din ROeID" not in page
    assert client.post("/cont/roeid/cont-nou/", {"email": "ana.georgescu@example.ro"}).status_code == 302
    assert User.objects.get(email="ana.georgescu@example.ro").language == language
