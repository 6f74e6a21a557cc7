from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.roles import Role, user_roles

from ..models import ConsentDocument, GuardianConsent, University, User, UserConsent
from ..selectors import consent_status, student_verification_get


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^(" + "|".join(ConsentDocument.Kind.values) + ")$",
        "description": "Consent kind: " + ", ".join(ConsentDocument.Kind.values) + ".",
    }
)
class ConsentKindField(serializers.ChoiceField):
    """A consent kind (terms, privacy, location, marketing). Documented as a pattern, not an enum:
    an enum named after the field ("kind") would collide with User.kind (resident/tourist)."""

    def __init__(self, **kwargs):
        super().__init__(choices=ConsentDocument.Kind.choices, **kwargs)


# --- input ---------------------------------------------------------------------------------------


class OtpRequestInput(serializers.Serializer):
    phone = serializers.CharField(max_length=30, help_text="010-1234-5678, 01012345678 or +82…")


class OtpVerifyInput(serializers.Serializer):
    phone = serializers.CharField(max_length=30)
    code = serializers.RegexField(r"^\s*\d{6}\s*$", help_text="The 6-digit code from the SMS.")
    consents = serializers.ListField(
        child=ConsentKindField(),
        required=False,
        default=list,
        help_text="Kinds agreed to (current versions); terms and privacy are required at sign-up.",
    )
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    display_name = serializers.CharField(
        max_length=50, required=False, allow_blank=True, default=""
    )
    preferred_language = serializers.ChoiceField(
        choices=User.Language.choices, required=False, default=None
    )
    kind = serializers.ChoiceField(choices=User.Kind.choices, required=False, default=None)
    session = serializers.BooleanField(
        required=False, default=False, help_text="Also log in the Django session (web client)."
    )


class TokenRefreshInput(serializers.Serializer):
    refresh = serializers.CharField()


class AccountLogoutInput(serializers.Serializer):
    refresh = serializers.CharField(required=False, allow_blank=True, default="")


class AccountUpdateInput(serializers.Serializer):
    display_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    preferred_language = serializers.ChoiceField(choices=User.Language.choices, required=False)
    kind = serializers.ChoiceField(choices=User.Kind.choices, required=False)
    date_of_birth = serializers.DateField(required=False)


class ConsentGiveInput(serializers.Serializer):
    kinds = serializers.ListField(child=ConsentKindField(), allow_empty=False, min_length=1)


class GuardianConsentRequestInput(serializers.Serializer):
    guardian_phone = serializers.CharField(max_length=30)
    guardian_name = serializers.CharField(max_length=50)
    relation = serializers.ChoiceField(choices=GuardianConsent.Relation.choices)


class CodeVerifyInput(serializers.Serializer):
    code = serializers.RegexField(r"^\s*\d{6}\s*$")


class StudentEmailRequestInput(serializers.Serializer):
    university = serializers.UUIDField()
    email = serializers.EmailField()


# --- output --------------------------------------------------------------------------------------


class OtpRequestOutput(serializers.Serializer):
    phone = serializers.CharField(help_text="E.164")
    expires_in = serializers.IntegerField(help_text="Seconds the code stays valid.")
    signup = serializers.BooleanField(help_text="No account with this number yet.")


class StudentVerificationOutput(serializers.Serializer):
    university = serializers.UUIDField(source="university_id")
    university_name = serializers.CharField(source="university.name")
    status = serializers.CharField()
    verified_at = serializers.DateTimeField(allow_null=True)


class AccountOutput(serializers.ModelSerializer):
    student = serializers.SerializerMethodField()
    consents_complete = serializers.SerializerMethodField()
    guardian_consent_required = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField(
        help_text="Field roles this person holds (the web client shows their role screens)."
    )

    class Meta:
        model = User
        fields = [
            "id",
            "phone",
            "display_name",
            "preferred_language",
            "kind",
            "date_of_birth",
            "is_staff",
            "student",
            "consents_complete",
            "guardian_consent_required",
            "roles",
            "deletion_requested_at",
        ]
        read_only_fields = fields

    def _status(self, user):
        cache = self.context.setdefault("_consent_status", {})
        if user.pk not in cache:
            cache[user.pk] = consent_status(user=user)
        return cache[user.pk]

    def get_student(self, user) -> StudentVerificationOutput(allow_null=True):  # type: ignore[valid-type]
        student = student_verification_get(user=user)
        return StudentVerificationOutput(student).data if student else None

    def get_consents_complete(self, user) -> bool:
        return self._status(user).complete

    def get_guardian_consent_required(self, user) -> bool:
        return self._status(user).guardian_required

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(Role.choices)))
    def get_roles(self, user) -> list[str]:
        return user_roles(user=user)


class AccountLoginOutput(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    user = AccountOutput()
    created = serializers.BooleanField(help_text="A new account was created (sign-up).")


class TokenPairOutput(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class ConsentDocumentOutput(serializers.ModelSerializer):
    kind = ConsentKindField(read_only=True)

    class Meta:
        model = ConsentDocument
        fields = ["kind", "version", "title", "body", "required", "effective_from"]


class UserConsentOutput(serializers.ModelSerializer):
    kind = ConsentKindField(source="document.kind", read_only=True)
    version = serializers.CharField(source="document.version")
    title = serializers.CharField(source="document.title")
    required = serializers.BooleanField(source="document.required")

    class Meta:
        model = UserConsent
        fields = ["kind", "version", "title", "required", "agreed_at", "withdrawn_at"]


class GuardianConsentOutput(serializers.ModelSerializer):
    class Meta:
        model = GuardianConsent
        fields = ["guardian_name", "guardian_phone", "relation", "created_at", "agreed_at"]


class GuardianConsentRequestOutput(serializers.Serializer):
    guardian_phone = serializers.CharField()
    expires_in = serializers.IntegerField()


class UniversityOutput(serializers.ModelSerializer):
    class Meta:
        model = University
        fields = ["id", "name", "email_domains"]


class StudentEmailRequestOutput(serializers.Serializer):
    email = serializers.EmailField()
    expires_in = serializers.IntegerField()


class AccountExportOutput(serializers.Serializer):
    user_id = serializers.UUIDField()
    exported_at = serializers.DateTimeField()
    sections = serializers.DictField(
        child=serializers.JSONField(), help_text="One entry per app (accounts, payments, …)."
    )


class AccountDeletionOutput(serializers.Serializer):
    deletion_requested_at = serializers.DateTimeField(allow_null=True)
    purge_after = serializers.DateTimeField(allow_null=True)


class SessionOutput(serializers.Serializer):
    user = AccountOutput(allow_null=True, help_text="The logged-in account, or null.")
