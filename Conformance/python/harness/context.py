"""What each scenario receives: SDK clients bound to the sandbox, a raw escape hatch, control calls."""

from __future__ import annotations

import json
import time
from typing import Any, Dict, Optional

import httpx
from intercom import Intercom
from intercom.core.api_error import ApiError

from .checks import TYPED_ERRORS

# python-intercom 5.0.1 sends no Intercom-Version header at all (it relies on the app's default
# version). The suite pins the version the sandbox documents, on every request, as a custom header.
API_VERSION = "2.14"

DEFAULT_TOKEN = "sandbox-token"
BAD_TOKEN = "not-a-valid-token"


class Context:
    """Per-scenario state: ``client`` is an SDK client with a valid token."""

    def __init__(self, base_url: str, token: str = DEFAULT_TOKEN, timeout: float = 20.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.client = self.make_client()
        self._control = httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/json",
                "Content-Type": "application/json",
            },
        )

    # SDK clients -----------------------------------------------------------------------------

    def make_client(self, token: Optional[str] = None, version: str = API_VERSION) -> Intercom:
        return Intercom(
            base_url=self.base_url,
            token=token if token is not None else self.token,
            headers={"Intercom-Version": version},
            timeout=self.timeout,
        )

    def bad_client(self) -> Intercom:
        """An SDK client whose token the sandbox does not know."""

        return self.make_client(token=BAD_TOKEN)

    # Raw requests through the SDK's own transport ----------------------------------------------

    def raw(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: Optional[Dict[str, Any]] = None,
        headers: Optional[Dict[str, str]] = None,
        client: Optional[Intercom] = None,
    ) -> httpx.Response:
        """Send a request with the SDK's HTTP client (same auth and headers) for operations the SDK
        lacks or gets wrong. Returns the httpx response unchanged."""

        sdk = client or self.client
        return sdk._client_wrapper.httpx_client.request(  # noqa: SLF001 - deliberate escape hatch
            path.lstrip("/"),
            method=method,
            json=json_body,
            params=params,
            headers=headers,
        )

    def raw_json(self, method: str, path: str, **kwargs: Any) -> Any:
        """Like ``raw`` but decodes JSON and raises the SDK's error class for an error status, so raw
        calls and typed calls fail the same way."""

        response = self.raw(method, path, **kwargs)
        body: Any
        try:
            body = response.json() if response.content else None
        except ValueError:
            body = response.text
        if 200 <= response.status_code < 300:
            return body
        error_class = TYPED_ERRORS.get(response.status_code)
        if error_class is not None:
            raise error_class(body=body, headers=dict(response.headers))
        raise ApiError(status_code=response.status_code, headers=dict(response.headers), body=body)

    def http(
        self,
        method: str,
        path: str,
        *,
        headers: Optional[Dict[str, str]] = None,
        params: Optional[Dict[str, Any]] = None,
        json_body: Any = None,
    ) -> httpx.Response:
        """A plain request with this context's token that never follows redirects: for downloads and
        for redirects to signed URLs, which must not leave the loopback interface."""

        merged = {
            "Authorization": f"Bearer {self.token}",
            "Accept": "application/json",
            "Intercom-Version": API_VERSION,
            **(headers or {}),
        }
        with httpx.Client(base_url=self.base_url, timeout=self.timeout, follow_redirects=False) as plain:
            return plain.request(method, "/" + path.lstrip("/"), headers=merged, params=params, json=json_body)

    # The sandbox's control API -----------------------------------------------------------------

    def control(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        response = self._control.request(method, path, content=json.dumps(body if body is not None else {}))
        if response.status_code >= 300:
            raise RuntimeError(f"{method} {path} answered HTTP {response.status_code}: {response.text[:300]}")
        return response.json() if response.content else {}

    def reset(self) -> Dict[str, Any]:
        """Reseed the sample workspace (and clear faults and rate-limit counters)."""

        return self.control("POST", "/sandbox/reset", {})

    def status(self) -> Dict[str, Any]:
        response = self._control.get("/sandbox/status")
        response.raise_for_status()
        return response.json()

    def now(self) -> int:
        """The sandbox's idea of the current Unix time.

        The sandbox clock can run ahead of the wall clock (``advance_clock`` moves it and a reset keeps
        it), so timestamps sent in requests are based on this. It is read from ``X-RateLimit-Reset``,
        which the API sends on authenticated answers and which lies at most one rate-limit window
        ahead; without the header the wall clock is used."""

        response = self.http("GET", "me")
        reset = response.headers.get("x-ratelimit-reset")
        try:
            return int(reset) - 10 if reset else int(time.time())
        except ValueError:
            return int(time.time())

    def advance_clock(self, seconds: float) -> Dict[str, Any]:
        """Move the sandbox clock forward, e.g. to let an export job finish."""

        return self.control("POST", "/sandbox/clock/advance", {"seconds": seconds})

    def close(self) -> None:
        self._control.close()
        try:
            self.client._client_wrapper.httpx_client.httpx_client.close()  # noqa: SLF001
        except Exception:  # pragma: no cover - closing is best effort
            pass
