"""Help center content: articles, collections, help centers and internal articles."""

import uuid

from intercom import ArticleContent, ArticleTranslatedContent, CreateArticleRequest, CreateInternalArticleRequest

from harness import check, check_eq, check_in, check_not_in, expect_error, field, first, ids_of, scenario
from harness.paging import collect


def admin_id(ctx):
    return int(ctx.client.admins.identify().id)


def all_articles(ctx):
    # SDK bug: page-number pagers compute ``page + 1`` and crash if ``page`` was left unset.
    return collect(ctx.client.articles.list(page=1, per_page=2))


def all_collections(ctx):
    return collect(ctx.client.help_centers.collections.list(page=1, per_page=2))


def help_centers(ctx):
    # GET /help_center/help_centers is not paginated in 2.14 (no pages object), but the SDK's pager
    # claims a next page forever; read the first page only.
    return ctx.client.help_centers.list().items or []


@scenario("articles.crud")
def articles_crud(ctx):
    """Create an article in a collection, find it, list it, update it, delete it."""

    collection = first(all_collections(ctx), "help center collection")
    before = all_articles(ctx)
    title = f"Conformance article {uuid.uuid4().hex[:6]}"
    created = ctx.client.articles.create(
        request=CreateArticleRequest(
            title=title,
            description="Written by the suite",
            body="<p>First version</p>",
            author_id=admin_id(ctx),
            state="draft",
            parent_id=int(collection.id),
            parent_type="collection",
        )
    )
    check(created.id, "POST /articles returned no id")
    check_eq(created.type, "article", "created type")
    check_eq(created.title, title, "created title")
    check_eq(created.state, "draft", "created state")
    check_eq(str(created.parent_id), str(collection.id), "created parent_id")
    check("First version" in (created.body or ""), f"created body {created.body!r}")

    found = ctx.client.articles.find(article_id=int(created.id))
    check_eq(found.title, title, "GET /articles/{id} title")
    after = all_articles(ctx)
    check_in(created.id, ids_of(after), "GET /articles after create")
    check_eq(len(after), len(before) + 1, "articles after create")

    updated = ctx.client.articles.update(article_id=int(created.id), title=title + " v2", state="published")
    check_eq(updated.title, title + " v2", "title after PUT")
    check_eq(updated.state, "published", "state after PUT")
    check_eq(updated.description, "Written by the suite", "an update keeps fields it did not send")

    deleted = ctx.client.articles.delete(article_id=int(created.id))
    check_eq((str(deleted.id), deleted.object, deleted.deleted), (str(created.id), "article", True), "delete answer")
    expect_error(lambda: ctx.client.articles.find(article_id=int(created.id)), 404, code="not_found")
    check_eq(len(all_articles(ctx)), len(before), "articles after delete")


@scenario("articles.translations")
def articles_translations(ctx):
    """translated_content on create comes back on GET, per locale."""

    author = admin_id(ctx)
    created = ctx.client.articles.create(
        request=CreateArticleRequest(
            title="Thanks for everything",
            body="Body of the article",
            author_id=author,
            state="published",
            translated_content=ArticleTranslatedContent(
                fr=ArticleContent(
                    title="Merci pour tout", body="Corps de l'article", author_id=author, state="published"
                )
            ),
        )
    )
    found = ctx.client.articles.find(article_id=int(created.id))
    french = field(found.translated_content, "fr")
    check(french is not None, "GET /articles/{id} has translated_content.fr")
    check_eq(field(french, "title"), "Merci pour tout", "French title")


@scenario("articles.search")
def articles_search(ctx):
    """GET /articles/search by phrase and state finds published articles containing the phrase."""

    target = first(all_articles(ctx), "published article", lambda a: a.state == "published")
    word = max(target.title.split(), key=len)
    result = ctx.client.articles.search(phrase=word, state="published")
    check_eq(result.type, "list", "search answer type")
    found = field(result.data, "articles") or []
    check_in(target.id, ids_of(found), f"search for {word!r}")
    check(all(a.state == "published" for a in found), "state=published returns only published articles")
    check_eq(result.total_count, len(found), "search total_count")
    nothing = ctx.client.articles.search(phrase="zzzqqq-no-such-words")
    check_eq(len(field(nothing.data, "articles") or []), 0, "search for a phrase no article has")


@scenario("articles.errors")
def articles_errors(ctx):
    """Unknown article -> 404; create without author_id -> 400 parameter_not_found; bad token."""

    expect_error(lambda: ctx.client.articles.find(article_id=999999999), 404, code="not_found")
    expect_error(lambda: ctx.client.articles.update(article_id=999999999, title="x"), 404, code="not_found")
    expect_error(lambda: ctx.client.articles.delete(article_id=999999999), 404, code="not_found")
    expect_error(
        lambda: ctx.client.articles.create(request={"title": "No author", "body": "Body", "state": "published"}),
        400,
        code="parameter_not_found",
    )
    expect_error(lambda: ctx.bad_client().articles.list(page=1), 401, code="unauthorized")


@scenario("help_center.help_centers")
def help_center_list_find(ctx):
    """GET /help_center/help_centers and GET /help_center/help_centers/{id} agree."""

    centers = help_centers(ctx)
    check(centers, "the sample workspace has a help center")
    for center in centers:
        found = ctx.client.help_centers.find(help_center_id=int(center.id))
        check_eq(found.id, center.id, "GET /help_center/help_centers/{id} id")
        check_eq(found.display_name, center.display_name, "display_name")
        check_eq(found.identifier, center.identifier, "identifier")
    expect_error(lambda: ctx.client.help_centers.find(help_center_id=999999999), 404, code="not_found")


@scenario("help_center.collections_crud")
def collections_crud(ctx):
    """Create a collection and a child collection, find, list, update, delete."""

    center = first(help_centers(ctx), "help center")
    before = all_collections(ctx)
    name = f"Conformance collection {uuid.uuid4().hex[:6]}"
    created = ctx.client.help_centers.collections.create(
        name=name, description="Made by the suite", help_center_id=int(center.id)
    )
    check(created.id, "POST /help_center/collections returned no id")
    check_eq(created.name, name, "created name")
    check_eq(created.description, "Made by the suite", "created description")
    check_eq(str(created.help_center_id), str(center.id), "created help_center_id")
    child = ctx.client.help_centers.collections.create(name=name + " / child", parent_id=str(created.id))
    check_eq(str(child.parent_id), str(created.id), "child parent_id")

    found = ctx.client.help_centers.collections.find(collection_id=int(created.id))
    check_eq(found.name, name, "GET /help_center/collections/{id} name")
    after = all_collections(ctx)
    check(
        {str(created.id), str(child.id)} <= set(ids_of(after)), "GET /help_center/collections after creating two"
    )
    check_eq(len(after), len(before) + 2, "collections after creating two")

    updated = ctx.client.help_centers.collections.update(collection_id=int(created.id), name=name + " v2")
    check_eq(updated.name, name + " v2", "name after PUT")
    check_eq(updated.description, "Made by the suite", "an update keeps fields it did not send")

    deleted = ctx.client.help_centers.collections.delete(collection_id=int(child.id))
    check_eq((str(deleted.id), deleted.object, deleted.deleted), (str(child.id), "collection", True), "delete answer")
    expect_error(lambda: ctx.client.help_centers.collections.find(collection_id=int(child.id)), 404, code="not_found")
    check_not_in(str(child.id), ids_of(all_collections(ctx)), "collections after delete")


@scenario("help_center.errors")
def help_center_errors(ctx):
    """Collection without a name -> 400 parameter_not_found; unknown collection -> 404; bad token."""

    # The SDK makes ``name`` a required argument, so the spec's bad-request example goes out raw.
    expect_error(
        lambda: ctx.raw_json(
            "POST", "help_center/collections", json_body={"description": "Missing required parameter"}
        ),
        400,
        code="parameter_not_found",
    )
    expect_error(lambda: ctx.client.help_centers.collections.find(collection_id=999999999), 404, code="not_found")
    expect_error(
        lambda: ctx.client.help_centers.collections.update(collection_id=999999999, name="x"), 404, code="not_found"
    )
    expect_error(lambda: ctx.client.help_centers.collections.delete(collection_id=999999999), 404, code="not_found")
    expect_error(lambda: ctx.bad_client().help_centers.collections.list(page=1), 401, code="unauthorized")


@scenario("internal_articles.crud")
def internal_articles_crud(ctx):
    """Create, retrieve, list, update and delete an internal article."""

    author = admin_id(ctx)
    before = ctx.client.internal_articles.list_internal_articles()
    title = f"Runbook {uuid.uuid4().hex[:6]}"
    created = ctx.client.internal_articles.create_internal_article(
        request=CreateInternalArticleRequest(
            title=title, body="<p>Step one: breathe.</p>", author_id=author, owner_id=author
        )
    )
    check(created.id, "POST /internal_articles returned no id")
    check_eq(created.title, title, "created title")
    check_eq(str(created.owner_id), str(author), "created owner_id")
    check_eq(str(created.author_id), str(author), "created author_id")
    found = ctx.client.internal_articles.retrieve_internal_article(internal_article_id=int(created.id))
    check_eq(found.title, title, "GET /internal_articles/{id} title")
    check("Step one" in (found.body or ""), f"GET /internal_articles/{{id}} body {found.body!r}")
    after = ctx.client.internal_articles.list_internal_articles()
    check_in(created.id, ids_of(after.data), "GET /internal_articles after create")
    check_eq(after.total_count, (before.total_count or len(before.data or [])) + 1, "total_count after create")

    updated = ctx.client.internal_articles.update_internal_article(
        internal_article_id=int(created.id), title=title + " v2"
    )
    check_eq(updated.title, title + " v2", "title after PUT")
    check("Step one" in (updated.body or ""), "an update keeps the body it did not send")

    deleted = ctx.client.internal_articles.delete_internal_article(internal_article_id=int(created.id))
    check_eq(
        (str(deleted.id), deleted.object, deleted.deleted), (str(created.id), "internal_article", True), "delete answer"
    )
    expect_error(
        lambda: ctx.client.internal_articles.retrieve_internal_article(internal_article_id=int(created.id)),
        404,
        code="not_found",
    )


@scenario("internal_articles.search")
def internal_articles_search(ctx):
    """GET /internal_articles/search answers a list whose items are internal articles of the workspace."""

    listed = ids_of(ctx.client.internal_articles.list_internal_articles().data)
    result = ctx.client.internal_articles.search_internal_articles()
    check_eq(result.type, "list", "search answer type")
    found = field(result.data, "internal_articles") or []
    check(found, "a search without a folder returns internal articles")
    for article_id in ids_of(found):
        check_in(article_id, listed, "a search result among GET /internal_articles")
    none = ctx.client.internal_articles.search_internal_articles(folder_id="999999999")
    check_eq(len(field(none.data, "internal_articles") or []), 0, "search in a folder that does not exist")


@scenario("internal_articles.errors")
def internal_articles_errors(ctx):
    """Unknown internal article -> 404; create without author/owner -> 400; bad token."""

    expect_error(
        lambda: ctx.client.internal_articles.retrieve_internal_article(internal_article_id=999999999),
        404,
        code="not_found",
    )
    expect_error(
        lambda: ctx.client.internal_articles.delete_internal_article(internal_article_id=999999999),
        404,
        code="not_found",
    )
    expect_error(
        lambda: ctx.client.internal_articles.create_internal_article(
            request={"title": "Thanks for everything", "body": "Body of the Internal Article"}
        ),
        400,
        code="parameter_not_found",
    )
    expect_error(lambda: ctx.bad_client().internal_articles.list_internal_articles(), 401, code="unauthorized")
