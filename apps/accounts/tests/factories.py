import factory
from django.utils import timezone

from apps.accounts.models import (
    GuardianConsent,
    StudentVerification,
    University,
    User,
    UserConsent,
)


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up user: by default agreed to the required consents in force (terms, privacy),
    as sign-up demands. ``UserFactory(consents=[])`` for a user who has not;
    ``consents=["terms", "privacy", "location"]`` for more."""

    class Meta:
        model = User
        django_get_or_create = ("phone",)
        skip_postgeneration_save = True

    phone = factory.Sequence(lambda n: f"+8210{10000000 + n:08d}")
    display_name = factory.Faker("name", locale="ko_KR")
    preferred_language = "ko"
    password = "!unusable"  # residents have no password; "!" marks it unusable, as Django does

    @factory.post_generation
    def consents(self, create, extracted, **kwargs):
        if not create:
            return
        kinds = ["terms", "privacy"] if extracted is None else list(extracted)
        if not kinds:
            return
        from apps.accounts.selectors import consent_documents_current

        for document in consent_documents_current():
            if document.kind in kinds:
                UserConsent.objects.get_or_create(user=self, document=document, withdrawn_at=None)


class UniversityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = University

    name = factory.Sequence(lambda n: f"대학교 {n}")
    name_en = factory.Sequence(lambda n: f"University {n}")
    email_domains = factory.Sequence(lambda n: [f"u{n}.ac.kr"])


class StudentVerificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudentVerification

    user = factory.SubFactory(UserFactory)
    university = factory.SubFactory(UniversityFactory)
    status = StudentVerification.Status.VERIFIED
    method = StudentVerification.Method.STAFF


class GuardianConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuardianConsent

    user = factory.SubFactory(UserFactory)
    guardian_name = factory.Faker("name", locale="ko_KR")
    guardian_phone = "+821099990000"
    relation = GuardianConsent.Relation.PARENT
    agreed_at = factory.LazyFunction(timezone.now)
