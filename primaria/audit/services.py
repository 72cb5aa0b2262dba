from .models import AuditEntry


def record(*, actor, action: str, target=None, institution_id=None, ip_address=None, **data) -> AuditEntry:
    """Append one line to the audit log. Called inside the domain function's transaction."""
    label = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        label = f"{actor.get_full_name() or actor.email} <{actor.email}>"
    elif actor is None:
        label = "sistem"
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=label,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        institution_id=institution_id,
        ip_address=ip_address,
        data={k: v for k, v in data.items() if v is not None},
    )
