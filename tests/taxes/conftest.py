import pytest


@pytest.fixture(autouse=True)
def city_hall(request):
    """The city hall the rules and the register belong to: the demo city when the test loads it, else one made
    with the installation's code (the demo loader then fills it in)."""
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames and not any(
            m.name == "django_db" for m in request.node.iter_markers()):
        return None
    request.getfixturevalue("db") if "transactional_db" not in request.fixturenames else None
    from django.conf import settings

    from primaria.institutions.models import Institution

    found = Institution.objects.filter(code=settings.PRIMARIA_INSTITUTION_CODE).first()
    return found or Institution.objects.create(code=settings.PRIMARIA_INSTITUTION_CODE, name="Municipiul Test",
                                               address="Str. Primăriei 1")
