"""Demo data for `make seed`: a demo staff account for the admin on a laptop (DEBUG only).

Invented demo data: the number 010-9999-0000 and the password below are for the embedded default
only and are never created when DEBUG is off (the city deployment)."""

from django.conf import settings
from django.contrib.auth.models import Group

from .models import User

DEMO_STAFF_PHONE = "+821099990000"
DEMO_STAFF_PASSWORD = "ieum-demo-admin"


def run(stdout) -> None:
    if not settings.DEBUG:
        return
    user = User.objects.filter(phone=DEMO_STAFF_PHONE).first()
    if user is None:
        user = User.objects.create_superuser(
            DEMO_STAFF_PHONE, DEMO_STAFF_PASSWORD, display_name="김해시 데모 관리자"
        )
        user.groups.set(Group.objects.all())
    stdout.write(
        f"accounts: demo staff login for /admin/ — 010-9999-0000 / {DEMO_STAFF_PASSWORD} (DEBUG only)"
    )
