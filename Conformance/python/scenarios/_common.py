"""Discovery helpers shared by scenarios: find ids through list calls instead of hard-coding them."""

from harness import first
from harness.paging import collect


def all_contacts(ctx):
    return collect(ctx.client.contacts.list(per_page=150))


def users(ctx):
    people = [c for c in all_contacts(ctx) if c.role == "user"]
    if not people:
        first([], "contact with role user in the workspace")
    return people


def a_user(ctx, **required):
    """A user contact, optionally one whose listed fields are all set (e.g. ``email=True``)."""

    return first(
        users(ctx),
        "user contact" + (f" with {', '.join(required)}" if required else ""),
        lambda c: all(getattr(c, name, None) for name in required),
    )


def a_contact(ctx):
    return first(all_contacts(ctx), "contact in the workspace")


def admin_id(ctx):
    """The id of the admin the token acts as, as a string."""

    return str(ctx.client.admins.identify().id)


def other_admin(ctx):
    me = admin_id(ctx)
    return first(ctx.client.admins.list().admins, "second admin in the workspace", lambda a: str(a.id) != me)


def a_team(ctx):
    return first(ctx.client.teams.list().teams, "team in the workspace")


def a_conversation(ctx):
    return first(collect(ctx.client.conversations.list(per_page=20)), "conversation in the workspace")
