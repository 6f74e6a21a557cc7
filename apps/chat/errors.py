from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError, ErrorCode


class ChatErrorCode(ErrorCode):
    CONVERSATION_NOT_FOUND = "chat.conversation_not_found"
    CONVERSATION_CLOSED = "chat.conversation_closed"
    MESSAGE_EMPTY = "chat.message_empty"
    ACTION_NOT_FOUND = "chat.action_not_found"
    ACTION_UNAVAILABLE = "chat.action_unavailable"
    NOT_WAITING = "chat.not_waiting"
    NOT_YOUR_CONVERSATION = "chat.not_your_conversation"


class ChatError(ApplicationError):
    @classmethod
    def conversation_not_found(cls):
        return cls(
            ChatErrorCode.CONVERSATION_NOT_FOUND,
            _("This conversation was not found."),
            status=404,
        )

    @classmethod
    def conversation_closed(cls):
        return cls(
            ChatErrorCode.CONVERSATION_CLOSED,
            _("This conversation is closed. Start a new one."),
            status=409,
        )

    @classmethod
    def message_empty(cls):
        return cls(ChatErrorCode.MESSAGE_EMPTY, _("Write a question first."), status=400)

    @classmethod
    def action_not_found(cls):
        return cls(
            ChatErrorCode.ACTION_NOT_FOUND,
            _("This action was not offered in this conversation."),
            status=404,
        )

    @classmethod
    def action_unavailable(cls):
        return cls(
            ChatErrorCode.ACTION_UNAVAILABLE,
            _("This action is not available here. Use the link instead."),
            status=409,
        )

    @classmethod
    def not_waiting(cls):
        return cls(
            ChatErrorCode.NOT_WAITING,
            _("This conversation is not waiting for a counsellor."),
            status=409,
        )

    @classmethod
    def not_your_conversation(cls):
        return cls(
            ChatErrorCode.NOT_YOUR_CONVERSATION,
            _("Another counsellor has taken this conversation."),
            status=409,
        )
