from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.chat.models import Conversation, Language, Message

INTENTS = [
    "answer",
    "unknown",
    "department_phone",
    "facility_booking",
    "tagogaya_reservation",
    "drt_ride",
    "civil_request",
    "handoff",
    "counsellor",
]


# --- input --------------------------------------------------------------------------------------
class ChatAskInput(serializers.Serializer):
    message = serializers.CharField(
        max_length=500, help_text=_("The question, as the person wrote it (up to 500 characters).")
    )
    language = serializers.ChoiceField(
        choices=Language.choices,
        default="ko",
        help_text=_("The screen's language: the answer's language when the entry exists in it."),
    )
    conversation = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text=_("Continue this conversation (from an earlier answer); leave out to start one."),
    )


class ConversationRateInput(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Conversation.Rating.choices)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class CounsellorReplyInput(serializers.Serializer):
    message = serializers.CharField(max_length=2000)


# --- output -------------------------------------------------------------------------------------
class ChatSourceOutput(serializers.Serializer):
    id = serializers.CharField(help_text=_("The knowledge entry's external id."))
    title = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    score = serializers.FloatField(help_text=_("How well the entry matches, 0 to 1."))


class ChatActionOutput(serializers.Serializer):
    id = serializers.CharField(help_text=_("Confirm it with POST …/actions/{id}/confirm/."))
    kind = serializers.ChoiceField(
        choices=["phone", "booking", "tagogaya", "drt", "civil_request", "handoff"]
    )
    label = serializers.CharField()
    confirm = serializers.CharField(help_text=_("The question to ask before carrying it out."))


class ChatAnswerOutput(serializers.Serializer):
    answer = serializers.CharField(
        help_text=_("A curated answer from the knowledge base (never free-generated text).")
    )
    sources = ChatSourceOutput(many=True)
    intent = serializers.ChoiceField(choices=INTENTS)
    confidence = serializers.FloatField(help_text=_("0 to 1."))
    low_confidence = serializers.BooleanField(
        help_text=_(
            "True when the chatbot is not sure: the sources are then the closest entries and a "
            "hand-off to a counsellor is offered."
        )
    )
    conversation = serializers.UUIDField()
    message_id = serializers.UUIDField()
    language = serializers.ChoiceField(choices=Language.choices)
    rephrased = serializers.BooleanField(
        help_text=_("True when the optional language model reworded the curated answer.")
    )
    actions = ChatActionOutput(many=True)


class MessageOutput(serializers.ModelSerializer):
    sources = ChatSourceOutput(many=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = [
            "id",
            "conversation",
            "sender",
            "text",
            "intent",
            "confidence",
            "sources",
            "actions",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ChatActionOutput(many=True))
    def get_actions(self, obj):
        return ChatActionOutput(obj.actions, many=True).data


class ConversationOutput(serializers.ModelSerializer):
    class Meta:
        model = Conversation
        fields = [
            "id",
            "title",
            "language",
            "status",
            "rating",
            "created_at",
            "last_activity_at",
        ]
        read_only_fields = fields


class ConversationDetailOutput(ConversationOutput):
    messages = MessageOutput(many=True, read_only=True)

    class Meta(ConversationOutput.Meta):
        fields = [*ConversationOutput.Meta.fields, "messages"]
        read_only_fields = fields


class ConversationQueueOutput(ConversationOutput):
    num_messages = serializers.IntegerField()
    handoff_requested_at = serializers.DateTimeField(allow_null=True)
    is_mine = serializers.SerializerMethodField()

    class Meta(ConversationOutput.Meta):
        fields = [
            *ConversationOutput.Meta.fields,
            "num_messages",
            "handoff_requested_at",
            "is_mine",
        ]

    def get_is_mine(self, obj) -> bool:
        request = self.context.get("request")
        return bool(request and obj.counsellor_id == request.user.id)


class ChatActionResultOutput(serializers.Serializer):
    kind = serializers.CharField()
    message = serializers.CharField(allow_blank=True)
    url = serializers.CharField(
        allow_blank=True, help_text=_("What to open next: an app path, a web address or tel:.")
    )
    phone = serializers.CharField(allow_blank=True)


class CategoryCountOutput(serializers.Serializer):
    category = serializers.CharField(allow_blank=True)
    asked = serializers.IntegerField()
    answered = serializers.IntegerField()


class UnansweredOutput(serializers.Serializer):
    text = serializers.CharField()
    language = serializers.CharField()
    category = serializers.CharField(allow_blank=True)
    confidence = serializers.FloatField()
    created_at = serializers.DateTimeField()


class SatisfactionOutput(serializers.Serializer):
    rated = serializers.IntegerField()
    positive = serializers.IntegerField()
    positive_share = serializers.FloatField(allow_null=True, help_text=_("Percent, or null."))


class ChatStatsOutput(serializers.Serializer):
    categories = CategoryCountOutput(many=True)
    unanswered = UnansweredOutput(many=True)
    satisfaction = SatisfactionOutput()
