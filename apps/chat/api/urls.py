from django.urls import include, path

from . import views

app_name = "chat"

urlpatterns = [
    path("ask/", views.ChatAskView.as_view(), name="ask"),
    path("conversations/", views.ConversationListView.as_view(), name="conversation-list"),
    path(
        "conversations/<uuid:conversation_id>/",
        views.ConversationDetailView.as_view(),
        name="conversation-detail",
    ),
    path(
        "conversations/<uuid:conversation_id>/rating/",
        views.ConversationRateView.as_view(),
        name="conversation-rate",
    ),
    path(
        "conversations/<uuid:conversation_id>/handoff/",
        views.ConversationHandoffView.as_view(),
        name="conversation-handoff",
    ),
    path(
        "conversations/<uuid:conversation_id>/actions/<str:action_id>/confirm/",
        views.ChatActionConfirmView.as_view(),
        name="action-confirm",
    ),
    path("counsellor/queue/", views.CounsellorQueueView.as_view(), name="counsellor-queue"),
    path(
        "counsellor/conversations/<uuid:conversation_id>/",
        views.CounsellorConversationView.as_view(),
        name="counsellor-conversation",
    ),
    path(
        "counsellor/conversations/<uuid:conversation_id>/take/",
        views.CounsellorTakeView.as_view(),
        name="counsellor-take",
    ),
    path(
        "counsellor/conversations/<uuid:conversation_id>/reply/",
        views.CounsellorReplyView.as_view(),
        name="counsellor-reply",
    ),
    path(
        "counsellor/conversations/<uuid:conversation_id>/close/",
        views.CounsellorCloseView.as_view(),
        name="counsellor-close",
    ),
    path("stats/", views.ChatStatsView.as_view(), name="stats"),
    path("requests/", include("apps.chat.civic.api_urls")),
]
