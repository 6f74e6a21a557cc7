from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from apps.core.api.schema import errors
from apps.core.api.views import StaffApi, UserApi
from apps.notifications import selectors, services
from apps.notifications.models import Notification

from .serializers import (
    AnnouncementOutput,
    AnnouncementSendInput,
    DeviceOutput,
    DeviceRegisterInput,
    NotificationOutput,
    NotificationPreferenceOutput,
    NotificationPreferenceUpdateInput,
    NotificationUnreadCountOutput,
)

TAGS = ["notifications"]


class NotificationListView(UserApi, GenericAPIView):
    serializer_class = NotificationOutput

    def get_queryset(self):
        return selectors.notification_list(user=self.request.user)

    @extend_schema(
        tags=TAGS,
        summary="My notifications, newest first (cursor pages)",
        responses={200: NotificationOutput(many=True), **errors(401)},
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(NotificationOutput(page, many=True).data)


class NotificationUnreadCountView(UserApi):
    @extend_schema(
        tags=TAGS,
        summary="How many are unread",
        responses={200: NotificationUnreadCountOutput, **errors(401)},
    )
    def get(self, request):
        unread = selectors.notification_unread_count(user=request.user)
        return Response(NotificationUnreadCountOutput({"unread": unread}).data)


class NotificationReadView(UserApi):
    @extend_schema(
        tags=TAGS,
        summary="Mark one notification read",
        request=None,
        responses={200: NotificationOutput, **errors(401, 404)},
    )
    def post(self, request, notification_id):
        notification = services.notification_mark_read(
            user=request.user, notification_id=notification_id
        )
        return Response(NotificationOutput(notification).data)


class NotificationReadAllView(UserApi):
    @extend_schema(
        tags=TAGS,
        summary="Mark all my notifications read",
        request=None,
        responses={200: NotificationUnreadCountOutput, **errors(401)},
    )
    def post(self, request):
        unread = services.notification_mark_all_read(user=request.user)
        return Response(NotificationUnreadCountOutput({"unread": unread}).data)


def _preference_output(preference) -> dict:
    muted = set(preference.push_muted_kinds)
    return NotificationPreferenceOutput(
        {
            "quiet_hours_start": preference.quiet_hours_start,
            "quiet_hours_end": preference.quiet_hours_end,
            "kinds": {kind: {"push": kind not in muted} for kind in Notification.Kind.values},
        }
    ).data


class NotificationPreferenceDetailView(UserApi):
    @extend_schema(
        tags=TAGS,
        summary="My push preferences and quiet hours",
        responses={200: NotificationPreferenceOutput, **errors(401)},
    )
    def get(self, request):
        return Response(_preference_output(selectors.preference_get(user=request.user)))

    @extend_schema(
        tags=TAGS,
        summary="Change push preferences and quiet hours",
        description="Quiet hours (Asia/Seoul, may cross midnight) hold back phone push only; "
        "the inbox and WebSocket still get every notification.",
        request=NotificationPreferenceUpdateInput,
        responses={200: NotificationPreferenceOutput, **errors(400, 401)},
    )
    def put(self, request):
        data = NotificationPreferenceUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        kinds = {kind: value["push"] for kind, value in values.get("kinds", {}).items()}
        preference = services.preference_update(
            user=request.user,
            kinds=kinds,
            **{
                field: values[field]
                for field in ("quiet_hours_start", "quiet_hours_end")
                if field in values
            },
        )
        return Response(_preference_output(preference))


class DeviceRegisterView(UserApi):
    @extend_schema(
        tags=TAGS,
        summary="Register this phone or browser for push (idempotent on the token)",
        request=DeviceRegisterInput,
        responses={201: DeviceOutput, **errors(400, 401)},
    )
    def post(self, request):
        data = DeviceRegisterInput(data=request.data)
        data.is_valid(raise_exception=True)
        device = services.device_register(user=request.user, **data.validated_data)
        return Response(DeviceOutput(device).data, status=status.HTTP_201_CREATED)


class DeviceDeleteView(UserApi):
    @extend_schema(
        tags=TAGS,
        summary="Stop push to this device",
        request=None,
        responses={204: OpenApiResponse(description="Unregistered."), **errors(401, 404)},
    )
    def delete(self, request, token):
        services.device_unregister(user=request.user, token=token)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AnnouncementSendView(StaffApi):
    @extend_schema(
        tags=TAGS,
        summary="Send an announcement (staff)",
        request=AnnouncementSendInput,
        responses={201: AnnouncementOutput, **errors(400, 401, 403)},
    )
    def post(self, request):
        data = AnnouncementSendInput(data=request.data)
        data.is_valid(raise_exception=True)
        sent = services.announcement_send(sender=request.user, **data.validated_data)
        return Response(AnnouncementOutput({"sent": sent}).data, status=status.HTTP_201_CREATED)
