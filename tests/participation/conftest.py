import pytest

from primaria.accounts.models import User


@pytest.fixture
def office(city):
    return User.objects.get(email="sg.specialist@primaria-demo.ro")
