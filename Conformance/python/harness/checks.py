"""Assertion helpers with messages that say what was expected and what came back."""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable, List, Optional, Sequence, Tuple, Type, Union

from intercom.core.api_error import ApiError
from intercom.errors import (
    BadRequestError,
    ForbiddenError,
    NotFoundError,
    TooManyRequestsError,
    UnauthorizedError,
    UnprocessableEntityError,
)


class Failure(AssertionError):
    """A scenario's expectation did not hold."""


class NotImplementedInSandbox(Failure):
    """The sandbox answered 501 not_implemented_in_sandbox: the operation is not simulated yet."""


# The SDK error class a user expects for each status, when the SDK maps that status for the method.
TYPED_ERRORS = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    422: UnprocessableEntityError,
    429: TooManyRequestsError,
}

_DEFAULT = object()


def check(condition: Any, message: str) -> None:
    if not condition:
        raise Failure(message)


def check_eq(actual: Any, expected: Any, what: str) -> None:
    if actual != expected:
        raise Failure(f"{what}: expected {expected!r}, got {actual!r}")


def check_in(member: Any, container: Iterable[Any], what: str) -> None:
    items = list(container)
    if member not in items:
        raise Failure(f"{what}: {member!r} missing from {_short(items)}")


def check_not_in(member: Any, container: Iterable[Any], what: str) -> None:
    items = list(container)
    if member in items:
        raise Failure(f"{what}: {member!r} should be absent from {_short(items)}")


def first(items: Optional[Iterable[Any]], what: str, predicate: Optional[Callable[[Any], bool]] = None) -> Any:
    """The first item (matching ``predicate``), or a failure that says which data was missing."""

    for item in items or []:
        if predicate is None or predicate(item):
            return item
    raise Failure(f"found no {what}")


def field(obj: Any, name: str, default: Any = None) -> Any:
    """Read ``name`` from an SDK model (attribute or extra field) or from a decoded JSON dict."""

    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    value = getattr(obj, name, _DEFAULT)
    if value is not _DEFAULT:
        return value
    extra = getattr(obj, "model_extra", None) or {}
    return extra.get(name, default)


def ids_of(items: Optional[Iterable[Any]]) -> List[str]:
    """The ids of SDK models or dicts, as strings (the API mixes string and integer ids)."""

    return [str(field(item, "id")) for item in (items or [])]


def error_codes(error: ApiError) -> List[str]:
    """The ``code`` of every entry in an error.list body, typed or raw."""

    body = error.body
    if hasattr(body, "model_dump"):
        body = body.model_dump()
    if isinstance(body, (str, bytes)):
        try:
            body = json.loads(body)
        except ValueError:
            return []
    if not isinstance(body, dict):
        return []
    return [str(entry.get("code")) for entry in body.get("errors") or [] if isinstance(entry, dict)]


def describe_api_error(error: ApiError) -> str:
    body = error.body
    if hasattr(body, "model_dump"):
        body = body.model_dump(exclude_none=True)
    return f"{type(error).__name__} HTTP {error.status_code} {_short(body, 300)}"


def expect_error(
    call: Callable[[], Any],
    status: Union[int, Sequence[int]],
    *,
    code: Union[None, str, Tuple[str, ...]] = None,
    sdk_error: Any = _DEFAULT,
    envelope: bool = True,
) -> ApiError:
    """Run ``call`` and require it to fail with an Intercom error.list of the given HTTP status.

    ``status`` may be a tuple when the API documents more than one acceptable status. By default the
    SDK must raise its typed class for that status (``NotFoundError`` for 404 and so on); pass
    ``sdk_error=None`` where the SDK does not map the status for that method and raises a bare
    ``ApiError`` instead (an SDK gap, noted next to each such call). ``envelope=False`` is for the few
    operations whose documented errors are not an ``error.list`` (phone call redirects, Fin CSAT).
    """

    statuses = (status,) if isinstance(status, int) else tuple(status)
    try:
        result = call()
    except ApiError as error:
        if error.status_code == 501 and "not_implemented_in_sandbox" in error_codes(error):
            raise NotImplementedInSandbox(describe_api_error(error)) from error
        if error.status_code not in statuses:
            raise Failure(f"expected HTTP {'/'.join(map(str, statuses))}, got {describe_api_error(error)}") from error
        expected_class = TYPED_ERRORS.get(error.status_code) if sdk_error is _DEFAULT else sdk_error
        if expected_class is not None and not isinstance(error, expected_class):
            raise Failure(
                f"HTTP {error.status_code}: the SDK raised {type(error).__name__}, expected {expected_class.__name__}"
            ) from error
        if not envelope:
            return error
        codes = error_codes(error)
        check(codes, f"HTTP {error.status_code} without an error.list body: {_short(error.body)}")
        if code is not None:
            wanted = (code,) if isinstance(code, str) else tuple(code)
            check(
                any(found in wanted for found in codes),
                f"HTTP {error.status_code}: expected error code {' or '.join(wanted)}, got {codes}",
            )
        return error
    raise Failure(f"expected HTTP {'/'.join(map(str, statuses))}, but the call succeeded: {_short(result)}")


def _short(value: Any, limit: int = 200) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def classify(exc: BaseException) -> Tuple[Type[BaseException], str]:
    """A one-line reason for a scenario that raised ``exc``."""

    if isinstance(exc, ApiError):
        if exc.status_code == 501 and "not_implemented_in_sandbox" in error_codes(exc):
            return NotImplementedInSandbox, "not implemented in this sandbox build: " + describe_api_error(exc)
        return type(exc), "unexpected " + describe_api_error(exc)
    if isinstance(exc, NotImplementedInSandbox):
        return type(exc), "not implemented in this sandbox build: " + str(exc)
    if isinstance(exc, Failure):
        return type(exc), str(exc)
    return type(exc), f"{type(exc).__name__}: {exc}"
