from .models import AuditEvent


def audit_record(*, actor, action: str, target: str = "", **detail) -> None:
    """Write one audit event. `actor` may be None for system jobs."""
    AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target=target,
        detail=detail,
    )
