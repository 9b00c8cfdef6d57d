"""Messages: admin-initiated in-app and e-mail messages."""

from intercom import (
    CreateMessageRequest_Email,
    CreateMessageRequest_Inapp,
    CreateMessageRequestFrom,
    CreateMessageRequestTo,
)

from harness import check, check_eq, check_in, expect_error, field, ids_of, scenario
from scenarios._common import a_user, admin_id


def sender_and_recipient(ctx):
    admin = int(admin_id(ctx))
    user = a_user(ctx)
    return CreateMessageRequestFrom(type="admin", id=admin), CreateMessageRequestTo(type="user", id=user.id), user


@scenario("messages.inapp")
def inapp(ctx):
    """POST /messages (in-app) answers an admin_message; with create_conversation_without_contact_reply
    it opens a conversation that GET /conversations/{id} finds."""

    sender, recipient, user = sender_and_recipient(ctx)
    message = ctx.client.messages.create(
        request=CreateMessageRequest_Inapp(
            body="Your export is ready", from_=sender, to=recipient, create_conversation_without_contact_reply=True
        )
    )
    check(message.id, "POST /messages returned no id")
    check_eq(message.type, "admin_message", "message type")
    check_eq(str(field(field(message, "owner"), "id")), str(sender.id), "owner of an admin message")
    check_eq(message.message_type, "inapp", "message_type")
    check("Your export is ready" in (message.body or ""), f"message body {message.body!r}")
    check(message.conversation_id, "create_conversation_without_contact_reply should yield a conversation_id")
    conversation = ctx.client.conversations.find(conversation_id=str(message.conversation_id))
    check_in(user.id, ids_of(field(conversation.contacts, "contacts")), "the recipient is in the conversation")


@scenario("messages.email")
def email(ctx):
    """POST /messages (e-mail) keeps subject and body."""

    sender, recipient, _ = sender_and_recipient(ctx)
    message = ctx.client.messages.create(
        request=CreateMessageRequest_Email(
            subject="Quarterly review", body="Shall we meet on Monday?", template="plain", from_=sender, to=recipient
        )
    )
    check_eq(message.message_type, "email", "message_type")
    check_eq(message.subject, "Quarterly review", "subject")
    check("Shall we meet on Monday?" in (message.body or ""), f"message body {message.body!r}")


@scenario("messages.errors")
def errors(ctx):
    """No body -> 400 parameter_invalid; e-mail without subject -> 422 parameter_not_found; bad token."""

    sender, recipient, _ = sender_and_recipient(ctx)
    base = {"from": {"type": "admin", "id": sender.id}, "to": {"type": "user", "id": recipient.id}}
    expect_error(
        lambda: ctx.client.messages.create(request={**base, "message_type": "inapp", "subject": "heyy"}),
        400,
        code="parameter_invalid",
    )
    expect_error(
        lambda: ctx.client.messages.create(
            request={**base, "message_type": "email", "body": "No subject", "template": "plain"}
        ),
        422,
        code="parameter_not_found",
    )
    expect_error(
        lambda: ctx.bad_client().messages.create(
            request=CreateMessageRequest_Inapp(body="Hi", from_=sender, to=recipient)
        ),
        401,
        code="unauthorized",
    )
