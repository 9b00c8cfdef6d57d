"""News: news items and newsfeeds."""

import uuid

from intercom import NewsfeedAssignment

from harness import check, check_eq, check_in, check_not_in, expect_error, field, first, ids_of, scenario


def sender(ctx):
    return int(ctx.client.admins.identify().id)


def feeds(ctx):
    return [f for f in ctx.client.news.feeds.list().data or [] if field(f, "type") == "newsfeed"]


@scenario("news.items_crud")
def items_crud(ctx):
    """Create a live news item on a newsfeed, find it, list it, update it, delete it."""

    feed = first(feeds(ctx), "newsfeed")
    before = ctx.client.news.items.list()
    title = f"Conformance news {uuid.uuid4().hex[:6]}"
    published_at = ctx.now() - 60
    created = ctx.client.news.items.create(
        title=title,
        sender_id=sender(ctx),
        body="<p>Fresh from the suite</p>",
        state="live",
        labels=["Product", "Update"],
        reactions=["🎉", "👍"],
        deliver_silently=True,
        newsfeed_assignments=[NewsfeedAssignment(newsfeed_id=int(feed.id), published_at=published_at)],
    )
    check(created.id, "POST /news/news_items returned no id")
    check_eq(created.type, "news-item", "created type")
    check_eq(created.title, title, "created title")
    check_eq(created.state, "live", "created state")
    check_eq(created.sender_id, sender(ctx), "created sender_id")
    check_eq(sorted(created.labels or []), ["Product", "Update"], "created labels")
    check_eq(created.reactions, ["🎉", "👍"], "created reactions")
    check_eq(created.deliver_silently, True, "created deliver_silently")
    check_eq(
        [(str(a.newsfeed_id), a.published_at) for a in created.newsfeed_assignments or []],
        [(str(feed.id), published_at)],
        "created newsfeed_assignments",
    )

    found = ctx.client.news.items.find(news_item_id=int(created.id))
    check_eq(found.title, title, "GET /news/news_items/{id} title")
    after = ctx.client.news.items.list()
    check_in(created.id, ids_of(after.data), "GET /news/news_items after create")
    check_eq(after.total_count, before.total_count + 1, "total_count after create")

    updated = ctx.client.news.items.update(
        news_item_id=int(created.id), title=title + " v2", sender_id=sender(ctx), body="<p>Second edition</p>"
    )
    check_eq(updated.title, title + " v2", "title after PUT")
    check("Second edition" in (updated.body or ""), f"body after PUT {updated.body!r}")

    deleted = ctx.client.news.items.delete(news_item_id=int(created.id))
    check_eq((str(deleted.id), deleted.object, deleted.deleted), (str(created.id), "news-item", True), "delete answer")
    expect_error(lambda: ctx.client.news.items.find(news_item_id=int(created.id)), 404, code="not_found")
    check_not_in(created.id, ids_of(ctx.client.news.items.list().data), "GET /news/news_items after delete")


@scenario("news.feeds")
def newsfeeds(ctx):
    """Newsfeeds list and find; a feed's items are its live items only."""

    listed = feeds(ctx)
    first(listed, "newsfeed")
    for feed in listed:
        found = ctx.client.news.feeds.find(newsfeed_id=feed.id)
        check_eq((found.id, found.name, found.type), (feed.id, feed.name, "newsfeed"), "GET /news/newsfeeds/{id}")

    feed = listed[0]
    assignment = [NewsfeedAssignment(newsfeed_id=int(feed.id), published_at=ctx.now() - 60)]
    live = ctx.client.news.items.create(
        title="Live on the feed", sender_id=sender(ctx), state="live", newsfeed_assignments=assignment
    )
    draft = ctx.client.news.items.create(
        title="Still a draft", sender_id=sender(ctx), state="draft", newsfeed_assignments=assignment
    )
    on_feed = ctx.client.news.feeds.list_items(newsfeed_id=feed.id)
    on_feed_ids = ids_of(on_feed.data)
    check_in(live.id, on_feed_ids, "a live item assigned to the feed")
    check_not_in(draft.id, on_feed_ids, "a draft item assigned to the feed")
    for item in on_feed.data or []:
        check_eq(field(item, "state"), "live", f"state of feed item {field(item, 'id')}")


@scenario("news.errors")
def errors(ctx):
    """Unknown news item -> 404; bad token -> 401."""

    expect_error(lambda: ctx.client.news.items.find(news_item_id=999999999), 404, code="not_found")
    expect_error(
        lambda: ctx.client.news.items.update(news_item_id=999999999, title="x", sender_id=sender(ctx)),
        404,
        code="not_found",
    )
    expect_error(lambda: ctx.client.news.items.delete(news_item_id=999999999), 404, code="not_found")
    expect_error(lambda: ctx.bad_client().news.items.list(), 401, code="unauthorized")
    expect_error(lambda: ctx.bad_client().news.feeds.list(), 401, code="unauthorized")
