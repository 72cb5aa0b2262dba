import pytest

from primaria.archive import demo


@pytest.fixture(autouse=True)
def _search_index(settings, tmp_path):
    """Every test has its own search index (and the default engine, tantivy)."""
    settings.PRIMARIA_SEARCH_DIR = str(tmp_path / "search")
    settings.PRIMARIA_SEARCH_ENGINE = "tantivy"


@pytest.fixture
def nomenclator(city):
    return {e.index: e for e in demo.load_nomenclator(city)}


@pytest.fixture(scope="session")
def scanned_binder(tmp_path_factory):
    """The demo binder (a 2-page TIFF and a JPEG), rendered once per test session."""
    return demo.write_scanned_binder(tmp_path_factory.mktemp("binder"))


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what the block queues after commit (huey is immediate in tests: the jobs run right there)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
