import pytest

from primaria.accounts.models import User
from primaria.council.models import Committee, Councillor
from primaria.institutions.selectors import main_institution

NAMES = ["Andrei Stan", "Bianca Marin", "Cristian Dobre", "Diana Lupu", "Emil Radu", "Florina Tudor", "George Ene",
         "Horia Matei", "Ioana Preda", "Laura Neagu", "Mircea Sava", "Nicoleta Voicu", "Ovidiu Pop", "Petra Iliescu"]


@pytest.fixture
def office(city):
    return User.objects.get(email="sg.specialist@primaria-demo.ro")


@pytest.fixture
def council(city):
    """A council of 15 councillors in office (the deputy mayor among them, who chairs the session) and two
    specialty committees."""
    institution = main_institution()
    deputy = User.objects.get(email="viceprimar@primaria-demo.ro")
    members = [Councillor.objects.create(institution=institution, full_name=deputy.get_full_name() or "Viceprimar",
                                         party_group="Grupul A", email=deputy.email, user=deputy)]
    for index, name in enumerate(NAMES):
        members.append(Councillor.objects.create(
            institution=institution, full_name=name, party_group="Grupul A" if index % 2 else "Grupul B",
            email=f"consilier{index + 1}@example.ro"))
    Councillor.objects.create(institution=institution, full_name="Fost Consilier", email="fost@example.ro",
                              active=False)
    budget = Committee.objects.create(institution=institution, name="Comisia pentru buget-finanțe")
    budget.members.set(members[:5])
    urban = Committee.objects.create(institution=institution, name="Comisia pentru urbanism")
    urban.members.set(members[5:10])
    return {"members": members, "chair": members[0], "committees": [budget, urban], "deputy": deputy}
