"""What other apps may ask the chat: the home search over knowledge titles, and the privacy pair.
Plain functions returning frozen dataclasses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from apps.core.search import SearchHit

from . import retrieval
from .models import Conversation

if TYPE_CHECKING:
    from apps.accounts.models import User


def search(query: str, language: str) -> list[SearchHit]:
    """Knowledge entries whose title or questions match, for the home screen's search box; the
    hit opens the chat with the question asked. Positional: apps.core.search calls it so."""
    found = retrieval.search(query, language=language, k=5)
    return [
        SearchHit(
            service="chat",
            kind="entry",
            title=hit.doc.title,
            subtitle=hit.doc.department,
            path="/services/chat?" + urlencode({"q": hit.doc.title}),
            score=round(min(1.0, hit.confidence), 3),
        )
        for hit in found.hits
        if hit.confidence >= 0.3
    ]


# --- PIPA right of access and erasure (registered in ChatConfig.ready()) --------------------------
# Positional: core.privacy calls every app's pair as export(user) / erase(user).
# Retention: a person's conversations are kept until they delete them or for
# CHAT_CONVERSATION_RETENTION_DAYS after the last message; the question log holds no person.


def user_data_export(user: User) -> dict[str, Any]:
    conversations = Conversation.objects.filter(user=user).prefetch_related("messages")
    return {
        "conversations": [
            {
                "id": str(c.id),
                "title": c.title,
                "language": c.language,
                "status": c.status,
                "rating": c.rating,
                "rating_comment": c.rating_comment,
                "created_at": c.created_at.isoformat(),
                "messages": [
                    {
                        "sender": m.sender,
                        "text": m.text,
                        "created_at": m.created_at.isoformat(),
                    }
                    for m in c.messages.all()
                ],
            }
            for c in conversations
        ]
    }


def user_data_erase(user: User) -> None:
    """Conversations are the person's own record: they go entirely."""
    Conversation.objects.filter(user=user).delete()
