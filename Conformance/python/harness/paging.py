"""Bounded walks over paginated answers, so a pagination bug fails a scenario instead of hanging it."""

from __future__ import annotations

from typing import Any, Callable, List, Optional

from .checks import Failure, field

MAX_PAGES = 100


def collect(pager: Any, max_pages: int = MAX_PAGES) -> List[Any]:
    """Every item of an SDK ``SyncPager``, following its own next-page logic, at most ``max_pages``."""

    items: List[Any] = []
    for count, page in enumerate(pager.iter_pages(), start=1):
        if count > max_pages:
            raise Failure(f"pagination did not end after {max_pages} pages")
        items.extend(page.items or [])
    return items


def next_cursor(response: Any) -> Optional[str]:
    """``pages.next.starting_after`` of a cursor-paginated answer, or None on the last page."""

    pages = field(response, "pages")
    following = field(pages, "next")
    cursor = field(following, "starting_after")
    return cursor or None


def walk_cursor(fetch: Callable[[Optional[str]], Any], items_of: Callable[[Any], List[Any]],
                max_pages: int = MAX_PAGES) -> List[Any]:
    """Follow ``starting_after`` cursors by hand: ``fetch(cursor)`` returns one page's response.

    Used for the search endpoints, whose SDK pagers (python-intercom 5.0.1) resend the first page's
    request instead of the next cursor.
    """

    items: List[Any] = []
    cursor: Optional[str] = None
    seen = set()
    for _ in range(max_pages):
        response = fetch(cursor)
        items.extend(items_of(response) or [])
        cursor = next_cursor(response)
        if cursor is None:
            return items
        if cursor in seen:
            raise Failure(f"pagination returned the cursor {cursor!r} twice")
        seen.add(cursor)
    raise Failure(f"pagination did not end after {max_pages} pages")
