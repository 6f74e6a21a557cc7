"""``/ws/chat/``: the consultation chat live, for people and counsellors.

A person (logged in or not) sends ``{"type": "ask", "message", "language", "conversation"?}`` and
receives ``chat.typing``, then the answer in ``chat.delta`` pieces (``{"message_id", "text"}``),
then ``chat.answer`` (the same fields as ``POST /api/v1/chat/ask/``). ``{"type": "handoff"}`` asks
for a counsellor; ``{"type": "typing"}`` tells the other side. Messages of a counsellor arrive as
``chat.message``; ``chat.counsellor_joined`` and ``chat.closed`` say what happened.

``?conversation=<id>`` resumes a conversation (yours, or an anonymous one by its id).
A counsellor connects with ``?role=counsellor`` (``chat.waiting`` / ``chat.taken`` keep their queue
live) and, with ``&conversation=<id>`` of a conversation they took, answers with
``{"type": "reply", "message"}``. Refusals arrive as ``chat.error`` with the API's envelope.
"""

from __future__ import annotations

import asyncio
import re
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from django.utils import translation
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, CoreErrorCode, envelope
from apps.core.roles import Role, user_has_role
from apps.core.ws import CLOSE_FORBIDDEN, CLOSE_NOT_FOUND, EventConsumer

from . import selectors, services
from .api.views import ask_output
from .models import QuestionLog
from .throttles import ChatAskThrottle

STREAM_PAUSE_S = 0.02  # between answer pieces: reads as typing, costs nothing


def _pieces(text: str) -> list[str]:
    """The answer cut after each few words (spaces kept), for the streaming events."""
    words = re.findall(r"\S+\s*", text)
    return ["".join(words[i : i + 4]) for i in range(0, len(words), 4)] or [text]


@database_sync_to_async
def _is_counsellor(user) -> bool:
    return user_has_role(user=user, role=Role.COUNSELLOR)


@database_sync_to_async
def _conversation_for(user, conversation_id: str, counsellor: bool):
    try:
        if counsellor:
            return selectors.conversation_get_for_counsellor(
                counsellor=user, conversation_id=conversation_id
            ).id
        owner = user if user is not None and user.is_authenticated else None
        return selectors.conversation_get_for_user(user=owner, conversation_id=conversation_id).id
    except ApplicationError:
        return None


class ChatConsumer(EventConsumer):
    async def get_groups(self) -> list[str] | None:
        params = parse_qs(self.scope.get("query_string", b"").decode())
        self.user = self.scope.get("user")
        self.counsellor = params.get("role", [""])[0] == "counsellor"
        self.conversation_id = None
        groups: list[str] = []
        if self.counsellor:
            if not await _is_counsellor(self.user):
                await self.close(code=CLOSE_FORBIDDEN)
                return None
            groups.append(services.COUNSELLORS_GROUP)
        wanted = params.get("conversation", [""])[0]
        if wanted:
            found = await _conversation_for(self.user, wanted, self.counsellor)
            if found is None:
                await self.close(code=CLOSE_NOT_FOUND)
                return None
            self.conversation_id = found
            groups.append(services.conversation_group(found))
        return groups

    async def _error(self, error: ApplicationError) -> None:
        await self.send_json({"event": "chat.error", "data": error.as_envelope()})

    async def _join(self, conversation_id) -> None:
        if self.conversation_id == conversation_id:
            return
        group = services.conversation_group(conversation_id)
        await self.channel_layer.group_add(group, self.channel_name)
        self.groups_joined.append(group)
        self.conversation_id = conversation_id

    def _throttle_ident(self) -> str:
        if self.user is not None and self.user.is_authenticated:
            return f"user:{self.user.pk}"
        client = self.scope.get("client") or ["unknown"]
        return f"ip:{client[0]}"

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            return
        kind = content.get("type")
        language = content.get("language") or self.language or "ko"
        with translation.override(language if language in ("ko", "en") else "ko"):
            try:
                if kind == "ask":
                    await self._ask(content, language)
                elif kind == "handoff":
                    await self._handoff()
                elif kind == "reply":
                    await self._reply(content)
                elif kind == "typing":
                    await self._typing()
            except ApplicationError as error:
                await self._error(error)

    async def _ask(self, content: dict, language: str) -> None:
        throttle = ChatAskThrottle()
        if not await database_sync_to_async(throttle.allow_ident)(self._throttle_ident()):
            wait = max(1, int(throttle.wait() or 1))
            await self.send_json(
                {
                    "event": "chat.error",
                    "data": envelope(
                        CoreErrorCode.THROTTLED,
                        _("Too many requests. Please try again later."),
                        {"retry_after": wait},
                    ),
                }
            )
            return
        await self.send_json({"event": "chat.typing", "data": {"sender": "bot", "typing": True}})
        conversation = content.get("conversation") or self.conversation_id
        result = await database_sync_to_async(services.chat_ask)(
            user=self.user,
            message=str(content.get("message") or ""),
            language=language,
            conversation_id=str(conversation) if conversation else None,
            channel=QuestionLog.Channel.WEBSOCKET,
        )
        await self._join(result.conversation)
        for piece in _pieces(result.answer):
            await self.send_json(
                {
                    "event": "chat.delta",
                    "data": {"message_id": str(result.message_id), "text": piece},
                }
            )
            await asyncio.sleep(STREAM_PAUSE_S)
        await self.send_json({"event": "chat.answer", "data": ask_output(result)})

    async def _handoff(self) -> None:
        if self.conversation_id is None:
            await self._error(
                ApplicationError(CoreErrorCode.NOT_FOUND, _("Ask a question first."), status=404)
            )
            return
        await database_sync_to_async(services.handoff_request)(
            user=self.user, conversation_id=self.conversation_id
        )

    async def _reply(self, content: dict) -> None:
        if not self.counsellor or self.conversation_id is None:
            await self._error(
                ApplicationError(
                    CoreErrorCode.PERMISSION_DENIED,
                    _("Only the counsellor can reply here."),
                    status=403,
                )
            )
            return
        await database_sync_to_async(services.counsellor_reply)(
            counsellor=self.user,
            conversation_id=self.conversation_id,
            text=str(content.get("message") or ""),
        )

    async def _typing(self) -> None:
        if self.conversation_id is None:
            return
        await self.channel_layer.group_send(
            services.conversation_group(self.conversation_id),
            {
                "type": "event.push",
                "event": "chat.typing",
                "data": {"sender": "counsellor" if self.counsellor else "user", "typing": True},
            },
        )
