"""Writes of the consultation chat: answering a question, conversations, ratings, actions offered
with an answer (confirmed first), the hand-off to a counsellor, and the knowledge review."""

from __future__ import annotations

import datetime
import re
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.core import events

from . import llm, retrieval, selectors
from .errors import ChatError
from .models import Action, Conversation, KnowledgeEntry, Message, QuestionLog
from .retrieval.analysis import synonyms

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from apps.accounts.models import User

    from .retrieval.engine import Hit

MAX_MESSAGE = 500
COUNSELLORS_GROUP = "chat.counsellors"
# the synonym groups that mean "a phone number" (apps/chat/data/synonyms.txt)
PHONE_GROUPS = frozenset({"syn:전화번호", "syn:phone"})
INTENT_OF_ACTION = {
    Action.PHONE: "department_phone",
    Action.BOOKING: "facility_booking",
    Action.TAGOGAYA: "tagogaya_reservation",
    Action.DRT: "drt_ride",
    Action.CIVIL_REQUEST: "civil_request",
    Action.HANDOFF: "handoff",
}

_PHONE = re.compile(r"(?<!\d)(?:\+?82[-\s]?)?0\d{1,2}[-\s.]?\d{3,4}[-\s.]?\d{4}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_RRN = re.compile(r"(?<!\d)\d{6}[-\s]?[1-8]\d{6}(?!\d)")  # resident registration number


def conversation_group(conversation_id: UUID | str) -> str:
    return f"chat.{conversation_id}"


def mask_personal(text: str) -> str:
    """The question log is pseudonymous: phone numbers, e-mail addresses and resident
    registration numbers are masked before it is stored."""
    text = _RRN.sub("[id-number]", text)
    text = _PHONE.sub("[phone]", text)
    return _EMAIL.sub("[email]", text)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str
    score: float


@dataclass(frozen=True)
class ActionOffer:
    id: str
    kind: str
    label: str
    confirm: str


@dataclass(frozen=True)
class AskResult:
    answer: str
    sources: list[Source]
    intent: str
    confidence: float
    conversation: UUID
    message_id: UUID
    language: str
    low_confidence: bool
    rephrased: bool = False
    actions: list[ActionOffer] = field(default_factory=list)


@dataclass(frozen=True)
class ActionResult:
    kind: str
    message: str
    url: str
    phone: str


def _user_or_none(user: User | AnonymousUser | None) -> User | None:
    return user if user is not None and user.is_authenticated else None


def message_payload(message: Message) -> dict[str, Any]:
    """A message as WebSocket events carry it (the same fields as MessageOutput)."""
    return {
        "id": str(message.id),
        "conversation": str(message.conversation_id),
        "sender": message.sender,
        "text": message.text,
        "intent": message.intent,
        "confidence": message.confidence,
        "sources": message.sources,
        "actions": [
            {k: action[k] for k in ("id", "kind", "label", "confirm")} for action in message.actions
        ],
        "created_at": message.created_at.isoformat(),
    }


def _conversation_for_ask(
    *, user: User | None, conversation_id: UUID | str | None, language: str, title: str
) -> Conversation:
    if conversation_id:
        conversation = selectors.conversation_get_for_user(
            user=user, conversation_id=conversation_id, lock=True
        )
        if conversation.status == Conversation.Status.CLOSED:
            raise ChatError.conversation_closed()
        return conversation
    return Conversation.objects.create(user=user, language=language, title=title[:200])


def _offer(kind: str, entry: KnowledgeEntry | None, language: str) -> dict[str, Any]:
    department = (entry.department if entry else "") or _("the department")
    labels = {
        Action.PHONE: (_("Show the phone number"), _("Show the phone number of %(d)s?")),
        Action.BOOKING: (
            _("Book on the reservation portal"),
            _("Open Gimhae's public reservation portal?"),
        ),
        Action.TAGOGAYA: (_("Reserve a Tagogaya bike"), _("Open Tagogaya to hold a bike?")),
        Action.DRT: (_("Call the campus bus"), _("Open the campus bus (DRT) to call a ride?")),
        Action.CIVIL_REQUEST: (
            _("File a civil request"),
            _("Start a civil request with your question filled in? You check it before sending."),
        ),
        Action.HANDOFF: (
            _("Talk to a counsellor"),
            _("Pass this conversation to a counsellor? They answer here during office hours."),
        ),
    }
    label, confirm = labels[Action(kind)]
    return {
        "id": secrets.token_urlsafe(6),
        "kind": kind,
        "label": label,
        "confirm": confirm % {"d": department} if "%(d)s" in confirm else confirm,
        "entry": entry.external_id if entry else "",
        "entry_language": entry.language if entry else "",
        "confirmed_at": None,
    }


def _entry_in(entry_id: str, language: str) -> KnowledgeEntry | None:
    return selectors.entry_published(external_id=entry_id, language=language)


def chat_ask(
    *,
    user: User | AnonymousUser | None,
    message: str,
    language: str,
    conversation_id: UUID | str | None = None,
    channel: str = QuestionLog.Channel.HTTP,
) -> AskResult:
    """Answer ``message`` from the knowledge base, or pass it to the counsellor when the
    conversation is with one. Every question is logged (pseudonymously) for the staff counts."""
    owner = _user_or_none(user)
    text = " ".join(message.split())[:MAX_MESSAGE]
    if not text:
        raise ChatError.message_empty()
    language = language if language in ("ko", "en") else "ko"
    with transaction.atomic():
        conversation = _conversation_for_ask(
            user=owner, conversation_id=conversation_id, language=language, title=text
        )
        question = Message.objects.create(
            conversation=conversation, sender=Message.Sender.USER, text=text, author=owner
        )
        conversation.last_activity_at = timezone.now()
        if conversation.status in (Conversation.Status.WAITING, Conversation.Status.LIVE):
            conversation.save(update_fields=["last_activity_at", "updated_at"])
            events.publish(
                conversation_group(conversation.id), "chat.message", message_payload(question)
            )
            with translation.override(language):
                note = (
                    _("Your message was passed to the counsellor.")
                    if conversation.status == Conversation.Status.LIVE
                    else _("A counsellor will answer here as soon as one is free.")
                )
            return AskResult(
                answer=note,
                sources=[],
                intent="counsellor",
                confidence=1.0,
                conversation=conversation.id,
                message_id=question.id,
                language=language,
                low_confidence=False,
            )
        conversation.language = language
        conversation.save(update_fields=["last_activity_at", "language", "updated_at"])

    found = retrieval.search(text, language=language, k=3)
    threshold = settings.CHAT_CONFIDENCE_THRESHOLD
    top = found.hits[0] if found.hits else None
    confident = top is not None and top.confidence >= threshold
    with translation.override(language):
        if confident and top is not None:
            result = _answer(text=text, top=top, found_language=found.language, language=language)
        else:
            result = _not_sure(hits=found.hits, language=language)
    answer, sources, intent, offers, entry, rephrased = result
    confidence = top.confidence if top else 0.0

    with transaction.atomic():
        reply = Message.objects.create(
            conversation=conversation,
            sender=Message.Sender.BOT,
            text=answer,
            intent=intent,
            confidence=confidence,
            sources=[s.__dict__ for s in sources],
            actions=offers,
        )
        QuestionLog.objects.create(
            text=mask_personal(text)[:500],
            language=language,
            category=entry.category if entry else (top.doc.category if top else ""),
            entry_external_id=entry.external_id if entry else "",
            intent=intent,
            confidence=confidence,
            answered=confident,
            channel=channel,
        )
    return AskResult(
        answer=answer,
        sources=sources,
        intent=intent,
        confidence=confidence,
        conversation=conversation.id,
        message_id=reply.id,
        language=language,
        low_confidence=not confident,
        rephrased=rephrased,
        actions=[ActionOffer(o["id"], o["kind"], o["label"], o["confirm"]) for o in offers],
    )


def _source(entry: KnowledgeEntry, score: float) -> Source:
    return Source(id=entry.external_id, title=entry.title, url=entry.url, score=round(score, 3))


def _answer(
    *, text: str, top: Hit, found_language: str, language: str
) -> tuple[str, list[Source], str, list[dict], KnowledgeEntry | None, bool]:
    # the same entry in the screen's language when it exists (a Korean question on an English
    # screen gets the English text of the same answer)
    entry = _entry_in(top.doc.id, language) or _entry_in(top.doc.id, found_language)
    if entry is None:  # unpublished since the index was built
        return _not_sure(hits=[], language=language)
    curated = entry.answer
    rephrased = llm.rephrase(question=text, curated=curated, language=entry.language)
    kinds: list[str] = []
    asks_phone = bool(PHONE_GROUPS & set(synonyms().tokens(text)))
    if asks_phone and entry.phone:
        kinds.append(Action.PHONE)
    if entry.action and entry.action not in kinds:
        kinds.append(entry.action)
    if entry.phone and Action.PHONE not in kinds:
        kinds.append(Action.PHONE)
    if asks_phone and entry.phone:
        intent = INTENT_OF_ACTION[Action.PHONE]
    elif entry.action:
        intent = INTENT_OF_ACTION[Action(entry.action)]
    else:
        intent = "answer"
    offers = [_offer(kind, entry, language) for kind in kinds]
    return (
        rephrased or curated,
        [_source(entry, top.confidence)],
        intent,
        offers,
        entry,
        rephrased is not None,
    )


def _not_sure(
    *, hits: list[Hit], language: str
) -> tuple[str, list[Source], str, list[dict], KnowledgeEntry | None, bool]:
    sources = []
    for hit in hits[:3]:
        entry = _entry_in(hit.doc.id, language) or _entry_in(hit.doc.id, hit.doc.language)
        if entry is not None:
            sources.append(_source(entry, hit.confidence))
    if sources:
        answer = _(
            "I am not sure I found the right answer. These entries come closest; if none of them "
            "helps, a counsellor can take over."
        )
    else:
        answer = _(
            "Sorry, I could not find an answer to that. Try other words, or talk to a counsellor."
        )
    return answer, sources, "unknown", [_offer(Action.HANDOFF, None, language)], None, False


# --- actions (confirmed by the person) -------------------------------------------------------------


def _action_url(kind: str, *, question: str, entry: KnowledgeEntry | None) -> str:
    if kind == Action.BOOKING:
        return settings.CHAT_BOOKING_PORTAL_URL
    if kind == Action.TAGOGAYA:
        # rentals.facade offers no reservation function yet: the bike map, where a station's page
        # holds a bike
        return "/services/bikes"
    if kind == Action.DRT:
        return "/services/drt"
    if kind == Action.CIVIL_REQUEST:
        query = {"description": question[:500], "from": "chat"}
        if entry is not None:
            query["topic"] = entry.category
        return "/services/chat/requests/new?" + urlencode(query)
    if kind == Action.PHONE and entry is not None and entry.phone:
        return "tel:" + re.sub(r"[^\d+]", "", entry.phone)
    return ""


def action_confirm(
    *, user: User | AnonymousUser | None, conversation_id: UUID | str, action_id: str
) -> ActionResult:
    """Carry out an action offered with an answer, after the person confirmed it. Confirming
    twice gives the same result; nothing is booked or filed here — the person finishes (and
    checks) it on the screen the link opens."""
    owner = _user_or_none(user)
    with transaction.atomic():
        conversation = selectors.conversation_get_for_user(
            user=owner, conversation_id=conversation_id, lock=True
        )
        found = selectors.action_find(conversation=conversation, action_id=action_id)
        if found is None:
            raise ChatError.action_not_found()
        message, action = found
        kind = action["kind"]
        entry = (
            _entry_in(action["entry"], action.get("entry_language") or conversation.language)
            if action.get("entry")
            else None
        )
        question = (
            Message.objects.filter(
                conversation=conversation,
                sender=Message.Sender.USER,
                created_at__lte=message.created_at,
            )
            .order_by("-created_at")
            .values_list("text", flat=True)
            .first()
            or ""
        )
        if action.get("confirmed_at") is None:
            action["confirmed_at"] = timezone.now().isoformat()
            message.save(update_fields=["actions", "updated_at"])
    language = conversation.language
    with translation.override(language):
        if kind == Action.HANDOFF:
            handoff_request(user=user, conversation_id=conversation.id)
            return ActionResult(
                kind=kind,
                message=_("A counsellor will answer here as soon as one is free."),
                url="",
                phone="",
            )
        if kind == Action.PHONE:
            if entry is None or not entry.phone:
                raise ChatError.action_unavailable()
            return ActionResult(
                kind=kind,
                message=f"{entry.department}: {entry.phone}" if entry.department else entry.phone,
                url=_action_url(kind, question=question, entry=entry),
                phone=entry.phone,
            )
        messages = {
            Action.BOOKING: _("Choose the facility, the date and the time on the portal."),
            Action.TAGOGAYA: _("Choose a station on the map to hold a bike."),
            Action.DRT: _("Choose where you start and where you are going."),
            Action.CIVIL_REQUEST: _("Check the request, add the place and a photo, then send it."),
        }
        return ActionResult(
            kind=kind,
            message=messages.get(Action(kind), ""),
            url=_action_url(kind, question=question, entry=entry),
            phone="",
        )


# --- conversations ------------------------------------------------------------------------------


def conversation_rate(
    *,
    user: User | AnonymousUser | None,
    conversation_id: UUID | str,
    rating: str,
    comment: str = "",
) -> Conversation:
    """The satisfaction rating asked after each conversation (the plan's KPI: ≥ 90 % positive).
    Rating again replaces the earlier rating."""
    with transaction.atomic():
        conversation = selectors.conversation_get_for_user(
            user=_user_or_none(user), conversation_id=conversation_id, lock=True
        )
        conversation.rating = Conversation.Rating(rating)
        conversation.rating_comment = mask_personal(comment.strip())[:500]
        conversation.rated_at = timezone.now()
        conversation.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
    return conversation


def conversation_delete(*, user: User, conversation_id: UUID | str) -> None:
    with transaction.atomic():
        conversation = selectors.conversation_get_for_user(
            user=user, conversation_id=conversation_id, lock=True
        )
        conversation.delete()


def handoff_request(
    *, user: User | AnonymousUser | None, conversation_id: UUID | str
) -> Conversation:
    """The person asks for a counsellor: the conversation waits in the counsellors' queue (they
    see it live) and a system message says so."""
    with transaction.atomic():
        conversation = selectors.conversation_get_for_user(
            user=_user_or_none(user), conversation_id=conversation_id, lock=True
        )
        if conversation.status == Conversation.Status.CLOSED:
            raise ChatError.conversation_closed()
        if conversation.status in (Conversation.Status.WAITING, Conversation.Status.LIVE):
            return conversation
        conversation.status = Conversation.Status.WAITING
        conversation.handoff_requested_at = timezone.now()
        conversation.last_activity_at = timezone.now()
        conversation.save(
            update_fields=["status", "handoff_requested_at", "last_activity_at", "updated_at"]
        )
        with translation.override(conversation.language):
            note = Message.objects.create(
                conversation=conversation,
                sender=Message.Sender.SYSTEM,
                text=_("Waiting for a counsellor. They will answer here."),
            )
        events.publish(conversation_group(conversation.id), "chat.message", message_payload(note))
        events.publish(
            COUNSELLORS_GROUP,
            "chat.waiting",
            {"conversation": str(conversation.id), "title": conversation.title},
        )
    return conversation


def counsellor_take(*, counsellor: User, conversation_id: UUID | str) -> Conversation:
    """A counsellor takes a waiting conversation (one counsellor per conversation: the row lock
    makes two at once impossible). The person is told, in the chat and in their inbox."""
    with transaction.atomic():
        try:
            conversation = selectors.conversation_get_for_counsellor(
                counsellor=counsellor, conversation_id=conversation_id, lock=True
            )
        except ChatError:
            # taken by another counsellor a moment ago (the locked row no longer waits): say so
            if selectors.conversation_is_taken(
                conversation_id=conversation_id, by_other=counsellor
            ):
                raise ChatError.not_your_conversation() from None
            raise
        if conversation.status == Conversation.Status.LIVE:
            if conversation.counsellor_id == counsellor.id:
                return conversation
            raise ChatError.not_your_conversation()
        if conversation.status != Conversation.Status.WAITING:
            raise ChatError.not_waiting()
        conversation.status = Conversation.Status.LIVE
        conversation.counsellor = counsellor
        conversation.last_activity_at = timezone.now()
        conversation.save(update_fields=["status", "counsellor", "last_activity_at", "updated_at"])
        with translation.override(conversation.language):
            note = Message.objects.create(
                conversation=conversation,
                sender=Message.Sender.SYSTEM,
                text=_("A counsellor has joined the conversation."),
            )
        events.publish(conversation_group(conversation.id), "chat.message", message_payload(note))
        events.publish(
            conversation_group(conversation.id),
            "chat.counsellor_joined",
            {"conversation": str(conversation.id)},
        )
        events.publish(COUNSELLORS_GROUP, "chat.taken", {"conversation": str(conversation.id)})
        if conversation.user_id:
            from apps.notifications.facade import notify

            notify(
                user=conversation.user,  # type: ignore[arg-type]
                kind="chat",
                title_ko="상담원이 연결되었습니다",
                title_en="A counsellor has joined",
                body_ko="상담 대화에서 상담원이 답해 드립니다.",
                body_en="A counsellor will answer you in the chat.",
                data={"conversation": str(conversation.id), "path": "/services/chat"},
            )
    return conversation


def counsellor_reply(*, counsellor: User, conversation_id: UUID | str, text: str) -> Message:
    body = text.strip()[:2000]
    if not body:
        raise ChatError.message_empty()
    with transaction.atomic():
        conversation = selectors.conversation_get_for_counsellor(
            counsellor=counsellor, conversation_id=conversation_id, lock=True
        )
        if conversation.status != Conversation.Status.LIVE:
            raise ChatError.not_waiting()
        if conversation.counsellor_id != counsellor.id:
            raise ChatError.not_your_conversation()
        message = Message.objects.create(
            conversation=conversation,
            sender=Message.Sender.COUNSELLOR,
            text=body,
            author=counsellor,
        )
        conversation.last_activity_at = timezone.now()
        conversation.save(update_fields=["last_activity_at", "updated_at"])
        events.publish(
            conversation_group(conversation.id), "chat.message", message_payload(message)
        )
    return message


def conversation_close(*, counsellor: User, conversation_id: UUID | str) -> Conversation:
    """The counsellor ends the live conversation; the person is asked for a rating."""
    with transaction.atomic():
        conversation = selectors.conversation_get_for_counsellor(
            counsellor=counsellor, conversation_id=conversation_id, lock=True
        )
        if conversation.counsellor_id not in (None, counsellor.id):
            raise ChatError.not_your_conversation()
        conversation.status = Conversation.Status.CLOSED
        conversation.save(update_fields=["status", "updated_at"])
        events.publish(
            conversation_group(conversation.id),
            "chat.closed",
            {"conversation": str(conversation.id)},
        )
    return conversation


# --- knowledge review -------------------------------------------------------------------------------


def entry_publish(*, entry: KnowledgeEntry, reviewer: User) -> KnowledgeEntry:
    """A reviewer publishes a draft (admin's "publish" action): the chat answers from it."""
    entry.status = KnowledgeEntry.Status.PUBLISHED
    entry.reviewed_by = reviewer
    entry.reviewed_at = timezone.now()
    entry.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    return entry


def entry_unpublish(*, entry: KnowledgeEntry) -> KnowledgeEntry:
    entry.status = KnowledgeEntry.Status.DRAFT
    entry.save(update_fields=["status", "updated_at"])
    return entry


# --- retention ------------------------------------------------------------------------------------


def conversations_purge(*, now: datetime.datetime | None = None) -> int:
    """Anonymous conversations go after CHAT_ANONYMOUS_RETENTION_HOURS without activity, a
    person's after CHAT_CONVERSATION_RETENTION_DAYS; the pseudonymous question log after the
    same number of days. Returns how many conversations were deleted."""
    now = now or timezone.now()
    anonymous = Conversation.objects.filter(
        user__isnull=True,
        last_activity_at__lt=now
        - datetime.timedelta(hours=settings.CHAT_ANONYMOUS_RETENTION_HOURS),
    )
    days = datetime.timedelta(days=settings.CHAT_CONVERSATION_RETENTION_DAYS)
    personal = Conversation.objects.filter(user__isnull=False, last_activity_at__lt=now - days)
    deleted = anonymous.delete()[1].get("chat.Conversation", 0)
    deleted += personal.delete()[1].get("chat.Conversation", 0)
    QuestionLog.objects.filter(created_at__lt=now - days).delete()
    return deleted
