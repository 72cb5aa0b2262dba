# i18n: ro (the audit log and its verification are legal records, read by the IT admin)
"""A tamper-evident audit log: the entries of each institution are chained by SHA-256, and each chain's head is
timestamped every day by the timestamp authority.

    seal      every minute: the entries written since the last run get, in the order of their ids, the next
              number of their chain and the hash of (chain, number, previous hash, every field of the entry).
              Sealing is not done in the change's own transaction: a lock on the chain's head there would make
              every change of an institution wait for the others. An entry is sealed a minute or so after its
              change commits.
    anchor    every night: the head of each chain (its length and last hash) is sent to the timestamp authority
              (RFC 3161, the same TSA as the signatures); the token is kept (`AuditAnchor`).
    verify    `manage.py audit_verify` and every night: recomputes each chain from its first entry and reports an
              entry changed after sealing (its hash no longer matches), a deleted one (a number missing), one
              added behind the platform's back (an unsealed entry older than the chain's last sealing), and a
              chain rewritten from some point on (a timestamped head no longer found in it). The health page
              shows the last result.

Who edits the database can recompute the hashes after the entry they changed, but not the heads already
timestamped: the TSA's token fixes them at a time, signed with a key the database does not hold.
"""

import hashlib
import json
import logging
from datetime import UTC, timedelta

from django.db import transaction
from django.utils import timezone

from .models import AuditAnchor, AuditChain, AuditEntry

logger = logging.getLogger(__name__)

GENESIS = "0" * 64
# An entry older than its chain's last sealing by more than this was not written by the platform's own code
# (which writes it in the change's transaction, sealed at the next run): it is reported, never sealed.
SEAL_GRACE = timedelta(hours=1)
INSTALLATION = 0  # the chain of entries that belong to no institution (residents' accounts, the installation)


def chain_key(entry: AuditEntry) -> int:
    return entry.institution_id or INSTALLATION


def entry_hash(entry: AuditEntry, key: int, sequence: int, previous: str) -> str:
    """SHA-256 of the entry's every field, its place in the chain and the hash before it (canonical JSON)."""
    at = entry.at.astimezone(UTC).isoformat(timespec="microseconds") if entry.at else ""
    body = [key, sequence, previous, entry.pk, at, entry.actor_id, entry.actor_label, entry.action, entry.object_type,
            entry.object_id, entry.institution_id, entry.ip_address, entry.data]
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chain_of(key: int, *, lock: bool) -> AuditChain:
    AuditChain.objects.get_or_create(key=key, defaults={"head": GENESIS})
    chains = AuditChain.objects.select_for_update() if lock else AuditChain.objects
    return chains.get(key=key)


def _unsealed(key: int):
    entries = AuditEntry.objects.filter(sequence__isnull=True)
    return entries.filter(institution_id__isnull=True) if key == INSTALLATION else entries.filter(institution_id=key)


def seal(*, limit: int = 5000, now=None) -> int:
    """Seal what was written since the last run; returns how many entries were sealed."""
    now = now or timezone.now()
    keys = {key or INSTALLATION for key in
            AuditEntry.objects.filter(sequence__isnull=True).values_list("institution_id", flat=True).distinct()}
    sealed = 0
    for key in sorted(keys):
        with transaction.atomic():
            chain = _chain_of(key, lock=True)  # one sealer per chain at a time; changes are never held by it
            entries = _unsealed(key).order_by("pk")
            if chain.sealed_at is not None:
                entries = entries.filter(at__gte=chain.sealed_at - SEAL_GRACE)
            entries = list(entries[:limit])
            if not entries:
                continue
            head, length = chain.head, chain.length
            for entry in entries:
                length += 1
                entry.chain, entry.sequence = key, length
                entry.entry_hash = head = entry_hash(entry, key, length, head)
            AuditEntry.objects.bulk_update(entries, ["chain", "sequence", "entry_hash"], batch_size=1000)
            chain.length, chain.head, chain.sealed_at = length, head, now
            chain.save(update_fields=["length", "head", "sealed_at"])
            sealed += len(entries)
    return sealed


# --- anchoring -----------------------------------------------------------------------------------------------


def anchor(*, now=None) -> int:
    """Timestamp the head of every chain that grew since its last anchor; returns how many were timestamped.
    The TSA is asked with no lock held; the anchor records the head it was asked for."""
    from primaria.signing import aio, tsa

    count = 0
    for chain in AuditChain.objects.filter(length__gt=0).order_by("key"):
        last = AuditAnchor.objects.filter(key=chain.key).order_by("-length").values_list("length", flat=True).first()
        if last is not None and last >= chain.length:
            continue
        token = aio.run(tsa.timestamper().async_timestamp(bytes.fromhex(chain.head), "sha256"))
        AuditAnchor.objects.get_or_create(key=chain.key, length=chain.length, defaults={
            "head": chain.head, "token": token.dump(), "stamped_at": _token_time(token) or now or timezone.now()})
        count += 1
    return count


def _token_time(token):
    try:
        return token["content"]["encap_content_info"]["content"].parsed["gen_time"].native
    except Exception:  # noqa: BLE001 - the time is informative; the check reads the token itself
        return None


def _token_problem(anchor_row: AuditAnchor) -> str:
    """Why the anchor's token does not vouch for its head ("" when it does)."""
    from asn1crypto import cms
    from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
    from pyhanko.sign.validation.status import TimestampSignatureStatus

    from primaria.signing import aio
    from primaria.signing.services import trust_roots

    try:
        from pyhanko_certvalidator import ValidationContext

        token = cms.ContentInfo.load(bytes(anchor_row.token))
        status = TimestampSignatureStatus(**aio.run(validate_tst_signed_data(
            token["content"], ValidationContext(trust_roots=trust_roots(), allow_fetching=False,
                                                revocation_mode="soft-fail"),
            lambda algorithm: bytes.fromhex(anchor_row.head))))
    except Exception as exc:  # noqa: BLE001 - a token that cannot be read vouches for nothing
        return f"marca temporală nu poate fi citită ({exc})"
    if not (status.intact and status.valid):
        return "marca temporală nu corespunde amprentei păstrate"
    if not status.trusted:
        return "marca temporală nu provine de la autoritatea de marcare temporală de încredere"
    return ""


# --- verification -------------------------------------------------------------------------------------------


def verify(*, key: int | None = None, record: bool = True) -> dict[int, list[str]]:
    """Recompute the chains (all, or one) and say, in Romanian, everything that does not hold."""
    keys = [key] if key is not None else sorted(
        set(AuditChain.objects.values_list("key", flat=True))
        | {k or INSTALLATION for k in AuditEntry.objects.values_list("institution_id", flat=True).distinct()})
    found = {}
    for chain_id in keys:
        problems = _verify_chain(chain_id)
        found[chain_id] = problems
        if record:
            chain = _chain_of(chain_id, lock=False)
            AuditChain.objects.filter(pk=chain.pk).update(checked_at=timezone.now(), problems=problems)
        for problem in problems:
            logger.error("Jurnalul de audit, lanțul %s: %s", chain_id, problem)
    return found


def _verify_chain(key: int) -> list[str]:
    problems, previous, expected = [], GENESIS, 1
    hashes = {}
    anchors = {a.length: a for a in AuditAnchor.objects.filter(key=key)}
    for entry in AuditEntry.objects.filter(chain=key, sequence__isnull=False).order_by("sequence").iterator(
            chunk_size=2000):
        if entry.sequence != expected:
            missing = (f"nr. {expected}" if entry.sequence == expected + 1 else f"nr. {expected}–{entry.sequence - 1}")
            problems.append(f"Lipsesc înregistrările {missing} (au fost șterse).")
            expected = entry.sequence
        if entry_hash(entry, key, entry.sequence, previous) != entry.entry_hash:
            problems.append(f"Înregistrarea nr. {entry.sequence} (id {entry.pk}, „{entry.action}”) a fost modificată "
                            "după sigilare sau lanțul a fost rescris de la ea.")
        if entry.sequence in anchors:
            hashes[entry.sequence] = entry.entry_hash
        previous, expected = entry.entry_hash, expected + 1
    chain = AuditChain.objects.filter(key=key).first()
    if chain is not None:
        if chain.length > expected - 1:
            problems.append(f"Lipsesc ultimele înregistrări: lanțul avea {chain.length}, acum are {expected - 1}.")
        elif chain.length == expected - 1 and chain.length and chain.head != previous:
            problems.append("Amprenta ultimei înregistrări nu mai este cea sigilată.")
        if chain.sealed_at is not None:
            added = _unsealed(key).filter(at__lt=chain.sealed_at - SEAL_GRACE)
            for entry in added.order_by("pk")[:20]:
                problems.append(f"Înregistrarea id {entry.pk} („{entry.action}”, {timezone.localtime(entry.at):%d.%m.%Y %H:%M}) "
                                "nu a fost scrisă de platformă: este mai veche decât ultima sigilare și nu este în lanț.")
    for length, anchor_row in sorted(anchors.items()):
        if hashes.get(length) != anchor_row.head:
            problems.append(f"Lanțul nu mai conține amprenta marcată temporal la "
                            f"{timezone.localtime(anchor_row.stamped_at):%d.%m.%Y %H:%M} (înregistrarea nr. {length}): "
                            "jurnalul a fost rescris.")
        elif problem := _token_problem(anchor_row):
            problems.append(f"Ancora înregistrării nr. {length}: {problem}.")
    return problems
