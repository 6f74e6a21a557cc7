"""The base API views. Every endpoint is built on exactly one of them, and so says who may call it:

- :class:`PublicApi` — anyone, no login (timetables, stations, open data). A logged-in caller is
  still recognised (language, personal touches).
- :class:`OpenDataApi` — public data many clients read (timetables, plans, stations, places): the
  open-data rate limit instead of the anonymous one.
- :class:`UserApi` — a logged-in person who has given the required PIPA consents (and a guardian's,
  under 14). The default for anything personal.
- :class:`AccountApi` — a logged-in person *before* consents are complete: only the account's own
  screens (profile, consents, deletion) — the ones that let them complete them.
- :class:`RoleApi` — a person holding a field role (driver, courier, hub staff…; ``role = Role.X``).
- :class:`StaffApi` — city staff; ``department = "transport"`` narrows it to one department.
- :class:`DeviceApi` — a registered machine that signs its requests (sensors, robots, terminals,
  the parking-enforcement system); ``device_kinds = ("parking_sensor",)`` narrows the kinds.

A view does not set ``permission_classes`` or ``authentication_classes`` itself; the few that must
are listed with their reason in ``apps/core/tests/test_api_guards.py``, which walks every URL.
"""

from __future__ import annotations

from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from ..devices.authentication import DeviceAuthentication, DeviceRateThrottle, IsSignedDevice
from ..open_data import OpenDataRateThrottle
from ..permissions import HasRole, InDepartment


class PublicApi(APIView):
    permission_classes = [AllowAny]


class OpenDataApi(PublicApi):
    # a larger per-IP allowance (phones behind one carrier IP) and per-key limits for registered
    # consumers: apps/core/open_data.py
    throttle_classes = [OpenDataRateThrottle]


class UserApi(APIView):
    # IsAuthenticated + accounts' ConsentsComplete, from settings (core does not import accounts)
    permission_classes = list(api_settings.DEFAULT_PERMISSION_CLASSES)


class AccountApi(UserApi):
    consent_exempt = True


class RoleApi(UserApi):
    role: str = ""
    permission_classes = [*UserApi.permission_classes, HasRole]


class StaffApi(APIView):
    department: str | None = None
    permission_classes = [IsAuthenticated, InDepartment]


class DeviceApi(APIView):
    # request.user stays anonymous; request.auth is the Device (docs/devices.md)
    device_kinds: tuple[str, ...] = ()  # empty: every kind
    authentication_classes = [DeviceAuthentication]
    permission_classes = [IsSignedDevice]
    throttle_classes = [DeviceRateThrottle]


BASE_VIEWS: tuple[type[APIView], ...] = (
    PublicApi,
    OpenDataApi,
    UserApi,
    AccountApi,
    RoleApi,
    StaffApi,
    DeviceApi,
)
