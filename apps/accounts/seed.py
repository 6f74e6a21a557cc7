"""Demo data for `make seed`: a demo staff account for the admin on a laptop (DEBUG only).

Invented demo data: the number 010-9999-0000 and the password below are for the embedded default
only and are never created when DEBUG is off (the city deployment). Seeding creates the account
when it is missing and otherwise leaves it alone (a changed password stays changed); `seed --reset`
gives it back the demo password and staff rights."""

from django.conf import settings
from django.contrib.auth.models import Group

from .models import User

DEMO_STAFF_PHONE = "+821099990000"
DEMO_STAFF_PASSWORD = "ieum-demo-admin"
DEMO_STAFF_NAME = "김해시 데모 관리자"


def run(stdout, *, reset: bool = False) -> None:
    if not settings.DEBUG:
        return
    user = User.objects.filter(phone=DEMO_STAFF_PHONE).first()
    if user is None:
        user = User.objects.create_superuser(
            DEMO_STAFF_PHONE, DEMO_STAFF_PASSWORD, display_name=DEMO_STAFF_NAME
        )
        user.groups.set(Group.objects.all())
    elif reset:
        user.set_password(DEMO_STAFF_PASSWORD)
        user.display_name = DEMO_STAFF_NAME
        user.is_active = user.is_staff = user.is_superuser = True
        user.save()
        user.groups.set(Group.objects.all())
    stdout.write(
        "accounts: demo staff login for /admin/ — 010-9999-0000 / "
        f"{DEMO_STAFF_PASSWORD} (DEBUG only; `seed --reset` restores it)"
    )
