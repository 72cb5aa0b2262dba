"""The OpenAPI schema documents the token authentication (drf-spectacular)."""

from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "primaria.security.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": str(gettext_lazy(
                "Token de acces: `Authorization: Token <token>`. Tokenul se creează și se revocă în pagina "
                "/cont/securitate/ (funcționarii, după al doilea factor); se păstrează doar amprenta lui și "
                "expiră după 90 de zile (PRIMARIA_API_TOKEN_DAYS). Semnarea prin API cere în plus, în antetul "
                "`X-OTP-Code`, codul curent din aplicația de autentificare.")
            ),
        }
