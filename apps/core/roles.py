"""Roles beyond residents and staff-by-department: the people who work in the field for a service.

One role model for every app: a role is a Django group (``role:<code>``) — holding the role —
plus :class:`~apps.core.models.RoleAssignment` rows naming the objects the person works on (the
bus a driver drives, the hub a member of hub staff runs). Base views check the role
(``RoleApi.role``); an app's access function narrows to the assigned objects with
:func:`role_targets`. Machines (the parking-enforcement system, sensors, robots) are not people
and never hold a role: they sign their requests as devices (``DeviceApi``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from apps.accounts.models import User

    from .models import RoleAssignment


class Role(models.TextChoices):
    DRIVER = "driver", _("DRT driver")
    COURIER = "courier", _("courier")
    HUB_STAFF = "hub_staff", _("hub staff")
    COUNSELLOR = "counsellor", _("counsellor")
    CARE_WORKER = "care_worker", _("care worker")
    SERVICE_PROVIDER = "service_provider", _("service provider")
    PARKING_HOST = "parking_host", _("parking host")


def role_group_name(*, role: str) -> str:
    return f"role:{role}"


def user_has_role(
    *, user: User | AnonymousUser | None, role: str, target: models.Model | None = None
) -> bool:
    """Holds ``role`` (and, with ``target``, is assigned to that object)."""
    from django.contrib.auth.models import AnonymousUser

    if user is None or isinstance(user, AnonymousUser) or not user.is_active:
        return False
    if not user.groups.filter(name=role_group_name(role=role)).exists():
        return False
    if target is None:
        return True
    return role_targets(user=user, role=role, model=type(target)).filter(pk=target.pk).exists()


def user_roles(*, user: User | AnonymousUser | None) -> list[str]:
    """The roles a person holds, e.g. ``["driver"]``."""
    if not (user and user.is_authenticated):
        return []
    prefix = role_group_name(role="")
    names = user.groups.filter(name__startswith=prefix).values_list("name", flat=True)
    return sorted(
        name.removeprefix(prefix) for name in names if name.removeprefix(prefix) in Role.values
    )


def role_targets(*, user: User, role: str, model: type[models.Model]) -> models.QuerySet[Any]:
    """The objects of ``model`` the user works on in ``role`` (none unless they hold the role)."""
    from django.contrib.contenttypes.models import ContentType

    from .models import RoleAssignment

    if not user_has_role(user=user, role=role):
        return model._default_manager.none()
    ids = RoleAssignment.objects.filter(
        user=user, role=role, target_type=ContentType.objects.get_for_model(model)
    ).values_list("target_id", flat=True)
    return model._default_manager.filter(pk__in=[_pk(model, value) for value in ids])


def _pk(model: type[models.Model], value: str) -> Any:
    return model._meta.pk.to_python(value)


@transaction.atomic
def role_grant(
    *,
    user: User,
    role: str,
    target: models.Model | None = None,
    granted_by: User | None = None,
) -> RoleAssignment:
    """Give ``user`` the role (its group) and, with ``target``, assign them to that object."""
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    from .models import RoleAssignment

    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    group, _created = Group.objects.get_or_create(name=role_group_name(role=role))
    user.groups.add(group)
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        defaults={"granted_by": granted_by},
    )
    return assignment


@transaction.atomic
def role_revoke(*, user: User, role: str, target: models.Model | None = None) -> None:
    """Without ``target`` the role goes entirely (group and every assignment); with it, only that
    object's assignment."""
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    from .models import RoleAssignment

    assignments = RoleAssignment.objects.filter(user=user, role=role)
    if target is not None:
        assignments.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
        ).delete()
        return
    assignments.delete()
    group = Group.objects.filter(name=role_group_name(role=role)).first()
    if group is not None:
        user.groups.remove(group)


def role_sync_groups() -> None:
    """One group per role (run after every migrate, like the department groups)."""
    from django.contrib.auth.models import Group

    for role in Role.values:
        Group.objects.get_or_create(name=role_group_name(role=role))
