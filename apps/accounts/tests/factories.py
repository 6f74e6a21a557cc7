import factory

from apps.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("phone",)

    phone = factory.Sequence(lambda n: f"+8210{10000000 + n:08d}")
    display_name = factory.Faker("name", locale="ko_KR")
    preferred_language = "ko"
    password = "!unusable"  # residents have no password; "!" marks it unusable, as Django does
