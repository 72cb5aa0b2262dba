import pytest
import requests


@pytest.fixture(scope="session")
def sandbox_dir(tmp_path_factory):
    """The sandbox gateway's own directory for this test session: its RSA key is made once."""
    return tmp_path_factory.mktemp("netopia-sandbox")


@pytest.fixture(autouse=True)
def _netopia_sandbox(settings, sandbox_dir):
    settings.PRIMARIA_NETOPIA_SANDBOX = True
    settings.PRIMARIA_NETOPIA_SANDBOX_DIR = sandbox_dir
    settings.PRIMARIA_NETOPIA_SANDBOX_SEND_IPN = True
    settings.PRIMARIA_NETOPIA_URL = ""
    settings.PRIMARIA_NETOPIA_API_KEY = ""
    settings.PRIMARIA_NETOPIA_POS_SIGNATURE = ""
    settings.PRIMARIA_NETOPIA_PUBLIC_KEY = ""
    settings.PRIMARIA_PAYMENTS_STATUS_AFTER_MINUTES = 10


@pytest.fixture
def gateway(live_server, settings):
    """The platform and the sandbox gateway on a real HTTP server: the platform calls the gateway's API over
    HTTP, and the gateway posts its IPNs to the platform's notification URL."""
    settings.SITE_URL = live_server.url
    return Gateway(live_server.url)


class Gateway:
    """The payer's browser on the gateway's pages (a real HTTP client, cookies and all)."""

    def __init__(self, url):
        self.url = url
        self.browser = requests.Session()

    def pay(self, payment_url, number, *, code=None):
        """Fill the card form; with a 3-D Secure card, answer the issuer's challenge with `code`.
        Returns the last response (a redirect to the platform, or the gateway's decline page)."""
        page = self.browser.get(payment_url, timeout=30)
        assert page.status_code == 200 and "Plată cu cardul" in page.text
        answer = self.browser.post(payment_url, data={"number": number, "exp_month": "12", "exp_year": "2035",
                                                      "cvv": "123", "name": "Ion Popescu"},
                                   allow_redirects=False, timeout=60)
        if code is not None:
            assert answer.status_code == 302 and "/netopia-sandbox/sandbox/authorize" in answer.headers["Location"]
            challenge = self.url + answer.headers["Location"]
            assert "Autentificare 3-D Secure" in self.browser.get(challenge, timeout=30).text
            answer = self.browser.post(challenge, data={"code": code}, allow_redirects=False, timeout=60)
        return answer
