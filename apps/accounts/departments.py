"""Staff departments of the city: one Django group each, with the permissions of the apps they run.

`manage.py ensure_departments` creates the groups and re-syncs their permissions by app label;
apps that are not installed (yet) are skipped."""

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Department:
    code: str  # the Django group name
    label_ko: str
    label_en: str
    app_labels: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.label_en if get_language() == "en" else self.label_ko


DEPARTMENTS: tuple[Department, ...] = (
    Department("transport", "교통", "Transport", ("transit", "drt", "rentals")),
    Department("parking", "주차", "Parking", ("parking",)),
    Department("health", "보건", "Health", ("health",)),
    Department("welfare", "복지", "Welfare", ("welfare",)),
    Department("tourism", "관광", "Tourism", ("tourism",)),
    Department("logistics", "물류", "Logistics", ("logistics",)),
    Department("civil_affairs", "민원", "Civil affairs", ("chat",)),
)

DEPARTMENT_CODES = tuple(d.code for d in DEPARTMENTS)


def department_sync() -> dict[str, int]:
    """Create the groups and set each one's permissions to exactly those of its apps.
    Returns {group name: number of permissions}."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # make sure permissions exist for every installed app (post_migrate may not have run yet)
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0)
    installed = {config.label for config in apps.get_app_configs()}
    result = {}
    for department in DEPARTMENTS:
        group, _created = Group.objects.get_or_create(name=department.code)
        labels = [label for label in department.app_labels if label in installed]
        permissions = Permission.objects.filter(content_type__app_label__in=labels)
        group.permissions.set(permissions)
        result[department.code] = len(labels) and permissions.count()
    return result
