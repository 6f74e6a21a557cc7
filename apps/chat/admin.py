"""Admin for the civil-affairs staff: the knowledge base (draft → reviewed → published), the
conversations with their ratings, and the questions asked — counted per category, and the ones the
chatbot could not answer (what to write next)."""

from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import selectors, services
from .models import Conversation, KnowledgeEntry, Message, QuestionLog, UnansweredQuestion


@admin.register(KnowledgeEntry)
class KnowledgeEntryAdmin(admin.ModelAdmin):
    # a link typed without a scheme is https (Django 6's default; no deprecation warning)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "external_id",
        "language",
        "category",
        "title",
        "status",
        "action",
        "owner_department",
        "valid_to",
        "reviewed_at",
    ]
    list_filter = ["status", "language", "category", "action", "owner_department"]
    search_fields = ["external_id", "title", "questions", "answer", "department"]
    readonly_fields = ["reviewed_by", "reviewed_at", "created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["external_id", "language", "category", "title", "status"]}),
        (_("Answer"), {"fields": ["questions", "answer", "url", "links", "action"]}),
        (
            _("Responsibility"),
            {"fields": ["department", "phone", "owner_department", "valid_from", "valid_to"]},
        ),
        (
            _("Review"),
            {"fields": ["reviewed_by", "reviewed_at", "source", "created_at", "updated_at"]},
        ),
    ]

    @admin.action(description=_("Publish the selected entries (reviewed)"))
    def publish(self, request, queryset):
        for entry in queryset:
            services.entry_publish(entry=entry, reviewer=request.user)
        self.message_user(
            request, _("Published: the chat answers from them now."), messages.SUCCESS
        )

    @admin.action(description=_("Take the selected entries back to draft"))
    def unpublish(self, request, queryset):
        for entry in queryset:
            services.entry_unpublish(entry=entry)
        self.message_user(request, _("Back to draft: the chat no longer answers from them."))


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["created_at", "sender", "text", "intent", "confidence"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "language", "rating", "counsellor", "last_activity_at"]
    list_filter = ["status", "rating", "language"]
    search_fields = ["title"]
    readonly_fields = [
        "user",
        "language",
        "title",
        "handoff_requested_at",
        "rating",
        "rating_comment",
        "rated_at",
        "last_activity_at",
        "created_at",
    ]
    fields = [*readonly_fields[:3], "status", "counsellor", *readonly_fields[3:]]
    raw_id_fields = ["counsellor"]
    inlines = [MessageInline]


@admin.register(QuestionLog)
class QuestionLogAdmin(admin.ModelAdmin):
    """Every question (pseudonymous); above the list, the counts per category."""

    change_list_template = "admin/chat/questionlog/change_list.html"
    list_display = [
        "created_at",
        "text",
        "language",
        "category",
        "answered",
        "confidence",
        "channel",
    ]
    list_filter = ["answered", "language", "category", "channel", "intent"]
    search_fields = ["text", "entry_external_id"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in QuestionLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra = {
            "category_counts": selectors.question_counts_by_category(),
            "satisfaction": selectors.satisfaction(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=extra)


@admin.register(UnansweredQuestion)
class UnansweredQuestionAdmin(admin.ModelAdmin):
    """The questions the chatbot could not answer with confidence, most recent first."""

    list_display = ["created_at", "text", "language", "category", "confidence"]
    list_filter = ["language", "category"]
    search_fields = ["text"]
    readonly_fields = [f.name for f in QuestionLog._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(answered=False)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# civil requests (Open311) live in apps/chat/civic
from .civic import admin as civic_admin  # noqa: E402,F401  (registers the civil-request admin)
