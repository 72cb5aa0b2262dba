"""Builds the demo PKI and gives every official and institution its signing credential (idempotent)."""

import re

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from .models import SigningCredential
from .pki import DemoPKI, pem


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def _save(*, provider, key_ref, certificate, institution, kind, user=None) -> SigningCredential:
    credential = SigningCredential.objects.filter(provider=provider, key_ref=key_ref).first()
    credential = credential or SigningCredential(provider=provider, key_ref=key_ref)
    changed = credential.pk is None or credential.certificate_pem != pem(certificate)
    fields = {"user": user, "institution": institution, "kind": kind, "active": True}
    if changed or any(getattr(credential, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(credential, name, value)
        credential.set_certificate(certificate)
        credential.save()
    return credential


def officials():
    """(user, first active position) of every official, the IT admin included."""
    from primaria.institutions.models import Position

    seen = {}
    positions = Position.objects.filter(active=True, user__is_active=True).select_related(
        "user", "department__institution").order_by("user_id", "id")
    for position in positions:
        seen.setdefault(position.user_id, (position.user, position))
    return list(seen.values())


@transaction.atomic
def create_demo_pki(*, renew: bool = False) -> dict:
    from primaria.institutions.models import Institution

    pki = DemoPKI()
    created_cas = pki.ensure()
    renew = renew or bool(created_cas)
    pki.crls()
    counts = {"ca": created_cas, "seals": 0, "persons": 0, "issued": 0, "deactivated": 0}
    for institution in Institution.objects.all():
        key_ref = f"seal-{_slug(institution.code)}"
        subject = pki.seal_subject(institution_name=institution.name, cui=institution.cui)
        certificate, issued = pki.local_certificate(key_ref, subject, kind="seal", email=institution.email, renew=renew)
        _save(provider="seal", key_ref=key_ref, certificate=certificate, institution=institution,
              kind=SigningCredential.Kind.SEAL)
        counts["seals"] += 1
        counts["issued"] += issued
    keep = []
    for user, position in officials():
        key_ref = f"person-{_slug(user.email)}"
        subject = pki.person_subject(
            full_name=user.get_full_name() or user.email, first_name=user.first_name, last_name=user.last_name,
            function=position.function, institution_name=position.department.institution.name,
        )
        certificate, issued = pki.local_certificate(key_ref, subject, kind="person", email=user.email, renew=renew)
        credential = _save(provider="local", key_ref=key_ref, certificate=certificate,
                           institution=position.department.institution, kind=SigningCredential.Kind.PERSON, user=user)
        keep.append(credential.pk)
        counts["persons"] += 1
        counts["issued"] += issued
    # Officials who left keep their history but can no longer sign.
    counts["deactivated"] = SigningCredential.objects.filter(provider="local", kind="person", active=True).exclude(
        pk__in=keep).update(active=False)
    return counts


def csc_owner() -> str:
    from .csc_server.store import accounts

    return settings.PRIMARIA_CSC_USERNAME or settings.PRIMARIA_CSC_CLIENT_ID or next(iter(accounts()), "")


@transaction.atomic
def provision_csc(user) -> SigningCredential:
    """Enrol the official at the local CSC server (a key of its own, in its own store) and register the
    credential in the platform. A real provider enrols people itself; then use CSCProvider.import_credential."""
    from cryptography import x509

    from .csc_server.store import CSCStore

    owner = csc_owner()
    if not owner:
        raise ValueError(_("PRIMARIA_CSC_USERNAME (sau PRIMARIA_CSC_SERVER_ACCOUNTS) nu este setat."))
    store = CSCStore()
    pki = DemoPKI()
    pki.ensure()
    position = dict((u.pk, p) for u, p in officials()).get(user.pk)
    institution = position.department.institution if position else None
    if institution is None:
        raise ValueError(_("%(user)s nu are o funcție activă.") % {"user": user})
    existing = store.credentials(owner=owner, user_id=user.email)
    if existing:
        credential_id = sorted(existing)[0]
    else:
        subject = pki.person_subject(
            full_name=user.get_full_name() or user.email, first_name=user.first_name, last_name=user.last_name,
            function=position.function, institution_name=institution.name,
        )
        credential_id = store.provision(owner=owner, user_id=user.email, subject=subject, email=user.email,
                                        description=f"Semnătura la distanță a lui {user}")  # i18n: ro (stored)
    certificate = x509.load_pem_x509_certificate(store.get(credential_id)["certificates"][0].encode())
    return _save(provider="csc", key_ref=credential_id, certificate=certificate, institution=institution,
                 kind=SigningCredential.Kind.PERSON, user=user)
