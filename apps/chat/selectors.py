"""Reads of the consultation chat, with the access rules: a person's conversation is theirs alone;
an anonymous conversation is reachable only by its random id and only without a login (so it
never mixes with an account); a counsellor reaches waiting conversations and their own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet

from apps.core.roles import Role, user_has_role

from .errors import ChatError
from .models import Conversation, KnowledgeEntry, Message, QuestionLog

if TYPE_CHECKING:
    from apps.accounts.models import User


def _conversations_locked(lock: bool) -> QuerySet[Conversation]:
    qs = Conversation.objects.all()
    return qs.select_for_update() if lock else qs


def conversation_get_for_user(
    *, user: User | None, conversation_id: UUID | str, lock: bool = False
) -> Conversation:
    """The conversation when it is the user's (``user=None``: an anonymous one); anyone else's
    is "not found"."""
    owner = user if user is not None and user.is_authenticated else None
    try:
        return _conversations_locked(lock).get(id=conversation_id, user=owner)
    except (Conversation.DoesNotExist, ValidationError, ValueError):
        raise ChatError.conversation_not_found() from None


def conversation_get_for_counsellor(
    *, counsellor: User, conversation_id: UUID | str, lock: bool = False
) -> Conversation:
    """A conversation a counsellor may see: waiting for anyone, or live/closed with them."""
    if not user_has_role(user=counsellor, role=Role.COUNSELLOR):
        raise ChatError.conversation_not_found()
    try:
        return (
            _conversations_locked(lock)
            .filter(Q(status=Conversation.Status.WAITING) | Q(counsellor=counsellor))
            .get(id=conversation_id)
        )
    except (Conversation.DoesNotExist, ValidationError, ValueError):
        raise ChatError.conversation_not_found() from None


def conversation_is_taken(*, conversation_id: UUID | str, by_other: User) -> bool:
    """True when another counsellor has the conversation (only for a counsellor's refusal)."""
    if not user_has_role(user=by_other, role=Role.COUNSELLOR):
        return False
    try:
        return (
            Conversation.objects.filter(id=conversation_id, status=Conversation.Status.LIVE)
            .exclude(counsellor=by_other)
            .exists()
        )
    except (ValidationError, ValueError):
        return False


def conversation_list_for_user(*, user: User) -> QuerySet[Conversation]:
    return Conversation.objects.filter(user=user).order_by("-last_activity_at", "-id")


def conversation_list_for_counsellor(*, counsellor: User) -> QuerySet[Conversation]:
    """Waiting conversations (oldest request first) and the counsellor's own live ones."""
    return (
        Conversation.objects.filter(
            Q(status=Conversation.Status.WAITING)
            | Q(status=Conversation.Status.LIVE, counsellor=counsellor)
        )
        .order_by("status", "handoff_requested_at", "id")
        .annotate(num_messages=Count("messages"))
    )


def message_list(*, conversation: Conversation) -> QuerySet[Message]:
    return conversation.messages.order_by("created_at", "id")


def action_find(
    *, conversation: Conversation, action_id: str
) -> tuple[Message, dict[str, Any]] | None:
    for message in conversation.messages.filter(sender=Message.Sender.BOT).exclude(actions=[]):
        for action in message.actions:
            if action.get("id") == action_id:
                return message, action
    return None


def entry_published(*, external_id: str, language: str) -> KnowledgeEntry | None:
    from django.utils import timezone

    today = timezone.localdate()
    return (
        KnowledgeEntry.objects.filter(
            external_id=external_id,
            language=language,
            status=KnowledgeEntry.Status.PUBLISHED,
        )
        .filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=today),
            Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        )
        .first()
    )


def question_counts_by_category(*, since: Any = None) -> list[dict[str, Any]]:
    """Questions per category (the plan's per-field counts), most asked first, with how many
    were answered with confidence."""
    qs = QuestionLog.objects.all()
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    rows = (
        qs.values("category")
        .annotate(asked=Count("id"), answered=Count("id", filter=Q(answered=True)))
        .order_by("-asked", "category")
    )
    return [dict(row) for row in rows]


def satisfaction(*, since: Any = None) -> dict[str, Any]:
    qs = Conversation.objects.exclude(rating="")
    if since is not None:
        qs = qs.filter(rated_at__gte=since)
    counts = qs.aggregate(
        rated=Count("id"), positive=Count("id", filter=Q(rating=Conversation.Rating.POSITIVE))
    )
    rated = counts["rated"] or 0
    return {
        "rated": rated,
        "positive": counts["positive"] or 0,
        "positive_share": round(100 * (counts["positive"] or 0) / rated, 1) if rated else None,
    }


def question_list_unanswered(*, limit: int = 50) -> QuerySet[QuestionLog]:
    """The latest questions the chatbot could not answer with confidence: what to write next."""
    return QuestionLog.objects.filter(answered=False).order_by("-created_at")[:limit]
