"""The person's conversations in the privacy export and erasure; retention of anonymous and old
conversations; the home search."""

import datetime
from io import StringIO

import pytest
from django.utils import timezone

from apps.chat import facade, services
from apps.chat.models import Conversation, QuestionLog
from apps.core import privacy, search

pytestmark = pytest.mark.usefixtures("knowledge")


def test_export_and_erase(user, auth_client):
    auth_client.post("/api/v1/chat/ask/", {"message": "시청 전화번호"}, format="json")
    assert "chat" in {section.name for section in privacy.sections()}
    exported = facade.user_data_export(user)
    assert exported["conversations"][0]["messages"][0]["text"] == "시청 전화번호"
    sections = auth_client.get("/api/v1/accounts/me/export/").json()["sections"]
    assert "시청 전화번호" in str(sections["chat"])
    facade.user_data_erase(user)
    assert not Conversation.objects.filter(user=user).exists()
    assert QuestionLog.objects.count() == 1  # pseudonymous: no person in it


def test_retention_purges_idle_anonymous_and_old_conversations(user, api_client):
    anonymous = api_client.post("/api/v1/chat/ask/", {"message": "주차"}, format="json").json()
    mine = Conversation.objects.create(user=user)
    now = timezone.now()
    assert services.conversations_purge(now=now) == 0
    assert services.conversations_purge(now=now + datetime.timedelta(hours=25)) == 1
    assert not Conversation.objects.filter(id=anonymous["conversation"]).exists()
    assert Conversation.objects.filter(id=mine.id).exists()
    assert services.conversations_purge(now=now + datetime.timedelta(days=366)) == 1
    assert not QuestionLog.objects.exists()


def test_home_search_finds_knowledge_titles():
    assert search.registered()["chat"] == "apps.chat.facade.search"
    hits = search.search_all("대형폐기물", "ko")
    chat = [hit for hit in hits if hit.service == "chat"]
    assert chat and chat[0].title.startswith("대형폐기물")
    assert chat[0].path.startswith("/services/chat?q=")
    english = [h for h in search.search_all("bulky waste", "en") if h.service == "chat"]
    assert english and english[0].title.startswith("Throwing away bulky waste")


def test_seed_command_includes_chat(db):
    from django.core.management import call_command

    out = StringIO()
    call_command("seed", stdout=out)
    assert "chat:" in out.getvalue()
