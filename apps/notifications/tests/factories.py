import factory

from apps.accounts.tests.factories import UserFactory
from apps.notifications.models import Device, Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    kind = Notification.Kind.SYSTEM
    title_ko = factory.Sequence(lambda n: f"알림 {n}")
    title_en = factory.Sequence(lambda n: f"Notice {n}")
    body_ko = "내용"
    body_en = "Body"
    data = factory.LazyFunction(dict)


class DeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Device

    user = factory.SubFactory(UserFactory)
    token = factory.Sequence(lambda n: f"fcm-token-{n:04d}:APA91b")
    platform = Device.Platform.ANDROID
