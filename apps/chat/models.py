"""AI consultation chat (김해톡톡): the curated knowledge base, conversations and the question log.

The chatbot never writes an answer of its own: every answer is a published, currently valid
knowledge entry (curated text plus links), found by retrieval (apps/chat/retrieval). Each entry is
written in one language; the same external id in Korean and in English is the same topic.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class Language(models.TextChoices):
    KO = "ko", _("Korean")
    EN = "en", _("English")


class Action(models.TextChoices):
    """What the chat may do for the person after an answer, each only after they confirm it."""

    PHONE = "phone", _("show the department's phone")
    BOOKING = "booking", _("open the public reservation portal")
    TAGOGAYA = "tagogaya", _("reserve a Tagogaya bike")
    DRT = "drt", _("call the campus bus")
    CIVIL_REQUEST = "civil_request", _("file a civil request")
    HANDOFF = "handoff", _("talk to a counsellor")


class KnowledgeEntry(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    external_id = models.CharField(
        _("id"),
        max_length=80,
        help_text=_("The stable id from the city's knowledge base; an import updates by it."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.KO
    )
    category = models.CharField(_("category"), max_length=60, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    questions = models.TextField(
        _("example questions"), blank=True, help_text=_("One question a line; may be empty.")
    )
    answer = models.TextField(_("curated answer"))
    url = models.URLField(_("link"), max_length=500, blank=True)
    links = models.JSONField(
        _("more links"),
        default=list,
        blank=True,
        help_text=_('A list of {"title": "...", "url": "https://..."}.'),
    )
    department = models.CharField(_("department"), max_length=100, blank=True)
    phone = models.CharField(_("department phone"), max_length=30, blank=True)
    owner_department = models.CharField(
        _("owner department"),
        max_length=100,
        blank=True,
        help_text=_("The department that keeps this answer correct."),
    )
    action = models.CharField(
        _("action"),
        max_length=20,
        choices=Action.choices,
        blank=True,
        help_text=_("What the chat offers to do after this answer (the person confirms first)."),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["category", "external_id", "language"]
        verbose_name = _("knowledge entry")
        verbose_name_plural = _("knowledge entries")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id", "language"], name="chat_entry_unique_id_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.external_id} [{self.language}] {self.title}"

    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Conversation(TimeStampedModel):
    """One chat. A logged-in person's conversations are their history (they may delete them); an
    anonymous conversation has no owner, is reachable only by its random id, and is purged after a
    day without activity (CHAT_ANONYMOUS_RETENTION_HOURS)."""

    class Status(models.TextChoices):
        BOT = "bot", _("answered by the chatbot")
        WAITING = "waiting", _("waiting for a counsellor")
        LIVE = "live", _("with a counsellor")
        CLOSED = "closed", _("closed")

    class Rating(models.TextChoices):
        POSITIVE = "positive", _("helpful")
        NEGATIVE = "negative", _("not helpful")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="chat_conversations",
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.KO
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BOT, db_index=True
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chat_counselled",
    )
    handoff_requested_at = models.DateTimeField(_("hand-off requested at"), null=True, blank=True)
    rating = models.CharField(_("satisfaction"), max_length=10, choices=Rating.choices, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)

    class Meta:
        ordering = ["-last_activity_at"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return self.title or str(self.id)


class Message(TimeStampedModel):
    class Sender(models.TextChoices):
        USER = "user", _("person")
        BOT = "bot", _("chatbot")
        COUNSELLOR = "counsellor", _("counsellor")
        SYSTEM = "system", _("system")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.CharField(_("sender"), max_length=12, choices=Sender.choices)
    text = models.TextField(_("text"))
    intent = models.CharField(_("intent"), max_length=40, blank=True)
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    # [{"id", "title", "url", "score"}] — the entries an answer came from
    sources = models.JSONField(_("sources"), default=list, blank=True)
    # [{"id", "kind", "label", "confirm", "confirmed_at"}] — actions offered with this answer
    actions = models.JSONField(_("actions"), default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")


class QuestionLog(models.Model):
    """Every question asked, pseudonymous (no user; phone numbers and e-mail addresses masked):
    per-category counts pick what to automate next, the unanswered ones what to write next."""

    class Channel(models.TextChoices):
        HTTP = "http", "HTTP"
        WEBSOCKET = "ws", "WebSocket"

    text = models.CharField(_("question"), max_length=500)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    category = models.CharField(_("category"), max_length=60, blank=True, db_index=True)
    entry_external_id = models.CharField(_("answer id"), max_length=80, blank=True)
    intent = models.CharField(_("intent"), max_length=40, blank=True)
    confidence = models.FloatField(_("confidence"), default=0)
    answered = models.BooleanField(_("answered"), default=False, db_index=True)
    channel = models.CharField(_("channel"), max_length=4, choices=Channel.choices)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("question")
        verbose_name_plural = _("questions asked")

    def __str__(self) -> str:
        return self.text[:80]


class UnansweredQuestion(QuestionLog):
    """The admin's list of questions the chatbot could not answer with confidence."""

    class Meta:
        proxy = True
        verbose_name = _("unanswered question")
        verbose_name_plural = _("unanswered questions")


# civil requests (Open311) live in apps/chat/civic
from .civic import models as civic_models  # noqa: E402,F401  (Django finds them through this module)
