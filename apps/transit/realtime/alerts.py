"""Service alerts: authored by staff in admin (ko/en), read by the API and the GTFS-RT export."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from apps.transit.models import ServiceAlert, ServiceAlertEntity, ServiceAlertPeriod


def alert_list_active(*, now: datetime | None = None) -> list[ServiceAlert]:
    """Published alerts active at ``now``: in one of their periods, or without periods."""
    now = now or timezone.now()
    in_period = ServiceAlertPeriod.objects.filter(
        Q(start__isnull=True) | Q(start__lte=now), Q(end__isnull=True) | Q(end__gt=now)
    )
    return list(
        ServiceAlert.objects.filter(is_published=True)
        .filter(Q(periods__isnull=True) | Q(periods__in=in_period))
        .distinct()
        .prefetch_related(
            Prefetch("periods", queryset=ServiceAlertPeriod.objects.order_by("start", "id")),
            Prefetch("entities", queryset=ServiceAlertEntity.objects.order_by("id")),
        )
        .order_by("-created_at", "-id")
    )
