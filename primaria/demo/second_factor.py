"""The demo officials' second factor: one authenticator-app key shared by every demo official and the admin.

`make run` prints the key; add it to any authenticator app (or run `manage.py demo_totp_code`) to get the
code the office asks for after the password. Demo only: real officials enrol their own app on
/cont/securitate/ at their first login.
"""

from base64 import b32encode

from django_otp.plugins.otp_totp.models import TOTPDevice

from primaria.accounts.models import User
from primaria.security.mfa import needs_second_factor

DEMO_TOTP_KEY = b"primaria-demo-totp!!"  # 20 bytes, as RFC 6238 suggests for HMAC-SHA1
DEMO_TOTP_NAME = "Aplicația demonstrativă"


def demo_totp_secret() -> str:
    """The key in base32, as authenticator apps and pyotp take it."""
    return b32encode(DEMO_TOTP_KEY).decode()


def seed_second_factors() -> int:
    """Give every demo official (and the admin) the demo TOTP device, once; returns how many were added."""
    added = 0
    for user in User.objects.filter(email__endswith="@primaria-demo.ro"):
        if not needs_second_factor(user):
            continue
        _, created = TOTPDevice.objects.get_or_create(
            user=user, name=DEMO_TOTP_NAME, defaults={"key": DEMO_TOTP_KEY.hex(), "confirmed": True})
        added += created
    return added
