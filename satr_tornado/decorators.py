"""``@authorized``: keep a handler method for logged-in users."""

from __future__ import annotations

import functools
import inspect
import urllib.parse
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar, overload

import tornado.web

from .handler import SatrMixin
from .redirects import safe_redirect_target

P = ParamSpec("P")
R = TypeVar("R")
H = TypeVar("H", bound=SatrMixin)

Permission = Callable[[Any], bool]
Method = Callable[Concatenate[H, P], R]

_MARK = "__satr_authorized__"


def is_api_request(handler: SatrMixin) -> bool:
    """Tell whether the client is a program rather than a browser page.

    True when the session came by header, the client sends
    ``X-Requested-With``, or it accepts JSON but not HTML.
    """
    session = handler.session
    if session is not None and session.transport == "header":
        return True
    header = handler.satr.settings.header
    if header is not None and header in handler.request.headers:
        return True
    if "X-Requested-With" in handler.request.headers:
        return True
    accept = handler.request.headers.get("Accept", "").lower()
    return "json" in accept and "html" not in accept


def deny(handler: SatrMixin, api: bool | None) -> None:
    """Answer an unauthorized request: a login redirect or ``write_unauthorized``.

    A browser's GET or HEAD is redirected; anything else, and any API client,
    gets the handler's ``write_unauthorized(api)`` (by default 401 with JSON).
    """
    session = handler.session
    if session is not None and session.is_new:
        session.drop()
    method = handler.request.method
    as_api = is_api_request(handler) if api is None else api
    if not as_api and method in ("GET", "HEAD"):
        login_url = handler.get_login_url()
        target = safe_redirect_target(_request_target(handler), "/")
        separator = "&" if "?" in login_url else "?"
        query = urllib.parse.urlencode({"next": target})
        handler.redirect(f"{login_url}{separator}{query}")
        return
    handler.write_unauthorized(as_api)


def _request_target(handler: SatrMixin) -> str:
    """The request's path and query as text.

    Tornado reads the request line as Latin-1; raw UTF-8 in it is decoded
    again here so ``next`` names the same page, not mojibake.
    """
    uri = handler.request.uri or "/"
    try:
        return uri.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return uri


def _gate(handler: SatrMixin, api: bool | None, permission: Permission | None) -> bool:
    if handler.session_store_failed:
        raise tornado.web.HTTPError(503, reason="Session Store Unavailable")
    session = handler.session
    if session is None or session.ended or not session.authorized:
        deny(handler, api)
        return False
    if permission is not None and not permission(handler):
        raise tornado.web.HTTPError(403)
    return True


def _wrap(
    method: Callable[..., Any], api: bool | None, permission: Permission | None
) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def async_wrapper(self: SatrMixin, *args: Any, **kwargs: Any) -> Any:
            if not self._satr_loaded:
                await self.load_session()
            if not _gate(self, api, permission):
                return None
            return await method(self, *args, **kwargs)

        setattr(async_wrapper, _MARK, True)
        return async_wrapper

    @functools.wraps(method)
    def wrapper(self: SatrMixin, *args: Any, **kwargs: Any) -> Any:
        if not _gate(self, api, permission):
            return None
        return method(self, *args, **kwargs)

    setattr(wrapper, _MARK, True)
    return wrapper


@overload
def authorized(method: Method[H, P, R], /) -> Method[H, P, R]: ...


@overload
def authorized(
    *, api: bool | None = None, permission: Permission | None = None
) -> Callable[[Method[H, P, R]], Method[H, P, R]]: ...


def authorized(
    method: Callable[..., Any] | None = None,
    /,
    *,
    api: bool | None = None,
    permission: Permission | None = None,
) -> Any:
    """Let only authorized sessions through; bare or with options.

    Without an authorized session, a browser's GET or HEAD is redirected to
    ``login_url`` with a checked ``next``; anything else gets the handler's
    ``write_unauthorized(api)``, by default 401 and JSON.
    ``api=True`` or ``False`` forces one answer. ``permission(handler)``
    returning False gives 403. A store outage gives 503.
    """
    if method is not None:
        return _wrap(method, api, permission)

    def decorate(inner: Callable[..., Any]) -> Any:
        return _wrap(inner, api, permission)

    return decorate


__all__ = ["authorized", "deny", "is_api_request"]
