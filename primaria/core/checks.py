"""System checks of the hardening settings (docs/deployment.md "Hardening").

`manage.py check --deploy` with the production settings must be clean; Django's own checks do not know
the development key this project ships (long and varied enough to pass security.W009), so a deployment
that forgot PRIMARIA_SECRET_KEY is caught here. A rate limit that cannot be read stops every start.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

DEVELOPMENT_SECRET_KEY = "dev-only-not-secret-change-me-in-production-0123456789"


@register(Tags.security, deploy=True)
def secret_key_is_not_the_development_one(app_configs, **kwargs):
    if settings.SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        return [Error("PRIMARIA_SECRET_KEY is not set: the development key is public.",
                      hint="Set PRIMARIA_SECRET_KEY to at least 50 random characters.", id="primaria.E001")]
    return []


@register()
def rate_limits_are_readable(app_configs, **kwargs):
    from .ratelimit import RULES, parse_rate

    errors = []
    for name, rate in settings.PRIMARIA_RATE_LIMITS.items():
        try:
            parse_rate(rate)
        except ValueError:
            errors.append(Error(f"PRIMARIA_RATE_LIMITS[{name!r}] = {rate!r} is not a rate.",
                                hint='Write it as "20/m", "100/h", "500/d" or "0" (no limit).', id="primaria.E002"))
        if name not in {rule.name for rule in RULES}:
            errors.append(Error(f"PRIMARIA_RATE_LIMITS names {name!r}, which no endpoint uses.",
                                hint=f"Known: {', '.join(sorted({rule.name for rule in RULES}))}.", id="primaria.E003"))
    return errors
