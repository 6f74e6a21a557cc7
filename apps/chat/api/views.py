from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from apps.chat import selectors, services
from apps.chat.models import QuestionLog
from apps.chat.throttles import ChatAskThrottle
from apps.core.api.schema import errors
from apps.core.api.views import PublicApi, RoleApi, StaffApi, UserApi
from apps.core.roles import Role

from . import serializers as s

TAG = ["chat"]


def ask_output(result: services.AskResult) -> dict:
    return s.ChatAnswerOutput(
        {
            **asdict(result),
            "sources": [asdict(source) for source in result.sources],
            "actions": [asdict(action) for action in result.actions],
        }
    ).data


class ChatAskView(PublicApi):
    """Ask the consultation chat (김해톡톡). Anonymous questions are welcome; the answer is always a
    curated knowledge entry, with its source."""

    throttle_classes = [ChatAskThrottle]

    @extend_schema(
        tags=TAG,
        summary="Ask a question; the answer comes from the curated knowledge base",
        request=s.ChatAskInput,
        responses={200: s.ChatAnswerOutput, **errors(400, 404, 409, 429)},
    )
    def post(self, request):
        data = s.ChatAskInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.chat_ask(
            user=request.user,
            message=data.validated_data["message"],
            language=data.validated_data["language"],
            conversation_id=data.validated_data.get("conversation"),
            channel=QuestionLog.Channel.HTTP,
        )
        return Response(ask_output(result))


class ConversationListView(UserApi, GenericAPIView):
    serializer_class = s.ConversationOutput

    @extend_schema(
        tags=TAG,
        summary="My conversations, newest first (cursor pages)",
        responses={200: s.ConversationOutput(many=True), **errors(401)},
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.conversation_list_for_user(user=request.user))
        return self.get_paginated_response(s.ConversationOutput(page, many=True).data)


class ConversationDetailView(PublicApi):
    """One conversation with its messages: a person's own, or an anonymous one by its id."""

    @extend_schema(
        tags=TAG,
        summary="A conversation and its messages",
        responses={200: s.ConversationDetailOutput, **errors(404)},
    )
    def get(self, request, conversation_id):
        conversation = selectors.conversation_get_for_user(
            user=request.user, conversation_id=conversation_id
        )
        return Response(s.ConversationDetailOutput(conversation).data)

    @extend_schema(
        tags=TAG,
        summary="Delete a conversation (it is gone for good)",
        responses={204: None, **errors(404)},
    )
    def delete(self, request, conversation_id):
        services.conversation_delete(user=request.user, conversation_id=conversation_id)
        return Response(status=204)


class ConversationRateView(PublicApi):
    @extend_schema(
        tags=TAG,
        summary="Rate the conversation: helpful or not (asked after each conversation)",
        request=s.ConversationRateInput,
        responses={200: s.ConversationOutput, **errors(400, 404)},
    )
    def post(self, request, conversation_id):
        data = s.ConversationRateInput(data=request.data)
        data.is_valid(raise_exception=True)
        conversation = services.conversation_rate(
            user=request.user, conversation_id=conversation_id, **data.validated_data
        )
        return Response(s.ConversationOutput(conversation).data)


class ConversationHandoffView(PublicApi):
    @extend_schema(
        tags=TAG,
        summary="Ask for a counsellor: the conversation waits for one, who answers live",
        request=None,
        responses={200: s.ConversationOutput, **errors(404, 409)},
    )
    def post(self, request, conversation_id):
        conversation = services.handoff_request(user=request.user, conversation_id=conversation_id)
        return Response(s.ConversationOutput(conversation).data)


class ChatActionConfirmView(PublicApi):
    @extend_schema(
        tags=TAG,
        summary="Carry out an action offered with an answer, after the person confirmed it",
        request=None,
        responses={200: s.ChatActionResultOutput, **errors(404, 409)},
    )
    def post(self, request, conversation_id, action_id):
        result = services.action_confirm(
            user=request.user, conversation_id=conversation_id, action_id=action_id
        )
        return Response(s.ChatActionResultOutput(asdict(result)).data)


# --- counsellors --------------------------------------------------------------------------------
class CounsellorQueueView(RoleApi):
    role = Role.COUNSELLOR

    @extend_schema(
        tags=TAG,
        summary="Counsellor: conversations waiting for a counsellor, and my live ones",
        responses={200: s.ConversationQueueOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        conversations = selectors.conversation_list_for_counsellor(counsellor=request.user)
        return Response(
            s.ConversationQueueOutput(conversations, many=True, context={"request": request}).data
        )


class CounsellorConversationView(RoleApi):
    role = Role.COUNSELLOR

    @extend_schema(
        tags=TAG,
        summary="Counsellor: a waiting or own conversation with its messages",
        responses={200: s.ConversationDetailOutput, **errors(401, 403, 404)},
    )
    def get(self, request, conversation_id):
        conversation = selectors.conversation_get_for_counsellor(
            counsellor=request.user, conversation_id=conversation_id
        )
        return Response(s.ConversationDetailOutput(conversation).data)


class CounsellorTakeView(RoleApi):
    role = Role.COUNSELLOR

    @extend_schema(
        tags=TAG,
        summary="Counsellor: take a waiting conversation (the person is notified)",
        request=None,
        responses={200: s.ConversationOutput, **errors(401, 403, 404, 409)},
    )
    def post(self, request, conversation_id):
        conversation = services.counsellor_take(
            counsellor=request.user, conversation_id=conversation_id
        )
        return Response(s.ConversationOutput(conversation).data)


class CounsellorReplyView(RoleApi):
    role = Role.COUNSELLOR

    @extend_schema(
        tags=TAG,
        summary="Counsellor: answer in a conversation I took (sent live to the person)",
        request=s.CounsellorReplyInput,
        responses={200: s.MessageOutput, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, conversation_id):
        data = s.CounsellorReplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        message = services.counsellor_reply(
            counsellor=request.user,
            conversation_id=conversation_id,
            text=data.validated_data["message"],
        )
        return Response(s.MessageOutput(message).data)


class CounsellorCloseView(RoleApi):
    role = Role.COUNSELLOR

    @extend_schema(
        tags=TAG,
        summary="Counsellor: end the conversation (the person is asked for a rating)",
        request=None,
        responses={200: s.ConversationOutput, **errors(401, 403, 404, 409)},
    )
    def post(self, request, conversation_id):
        conversation = services.conversation_close(
            counsellor=request.user, conversation_id=conversation_id
        )
        return Response(s.ConversationOutput(conversation).data)


# --- staff --------------------------------------------------------------------------------------
class ChatStatsView(StaffApi):
    department = "civil_affairs"

    @extend_schema(
        tags=TAG,
        summary="Staff: questions per category, the latest unanswered questions, satisfaction",
        responses={200: s.ChatStatsOutput, **errors(401, 403)},
    )
    def get(self, request):
        unanswered = selectors.question_list_unanswered(limit=50)
        return Response(
            s.ChatStatsOutput(
                {
                    "categories": selectors.question_counts_by_category(),
                    "unanswered": unanswered,
                    "satisfaction": selectors.satisfaction(),
                }
            ).data
        )
