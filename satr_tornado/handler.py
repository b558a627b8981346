"""``SatrMixin``: a server-side session on every Tornado request handler.

How a request goes:

1. ``prepare()`` reads a signed id from the session cookie, or from the
   session header when no cookie is present, and loads the record with one
   store read. An invalid id fires ``invalid``, clears the stale cookie and
   the request goes on without a session. A store failure is logged and the
   request goes on anonymously (``@authorized`` answers 503).
2. The handler uses ``self.session``; ``login()``, ``logout()`` and
   ``create_session()`` change it. Nothing touches the store meanwhile.
3. At the first ``flush()`` or at ``finish()`` the changes are written
   *before* any byte of the response leaves, then the cookie or header is
   set. A failed write turns the response into a 503 without cookies.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import tornado.web
from tornado.concurrent import Future

from . import answer
from .errors import ConfigurationError, StoreError
from .ids import short_hash
from .manager import CommitResult, SatrManager
from .records import SessionRecord, UserId
from .session import Session, Transport
from .signing import unsign_id

log = logging.getLogger(__name__)

T = TypeVar("T")

if TYPE_CHECKING:
    _Base = tornado.web.RequestHandler
else:
    _Base = object


class SatrMixin(_Base):
    """Mix into any ``RequestHandler``: ``class H(SatrMixin, RequestHandler)``.

    Override ``prepare()`` only with ``await super().prepare()`` first.
    """

    #: Load the session in ``prepare()``. Set False on handlers that rarely
    #: need it and call ``await self.load_session()`` where they do; methods
    #: under ``@authorized`` always load.
    satr_load_session: ClassVar[bool] = True

    # Per-request state. The class holds the starting values, so a request
    # pays for an attribute only once it changes.
    _satr_session: Session | None = None
    _satr_loaded = False
    _satr_load_failed = False
    _satr_invalid: Transport | None = None
    _satr_touched = False
    _satr_bypass = False
    _satr_sending = False
    _satr_chain: asyncio.Future[None] | None = None
    _satr_finish: asyncio.Future[None] | None = None
    _satr_manager: SatrManager | None = None
    _satr_auto_created = False

    # -- public API -----------------------------------------------------
    @property
    def satr(self) -> SatrManager:
        """The application's :class:`SatrManager` (``satr=`` setting)."""
        manager = self._satr_manager
        if manager is not None:
            return manager
        manager = self.application.settings.get("satr")
        if not isinstance(manager, SatrManager):
            raise ConfigurationError(
                "satr",
                "the Application has no SatrManager",
                "build it with Application(handlers, satr=SatrManager(settings))",
            )
        self._satr_manager = manager
        return manager

    @property
    def session(self) -> Session | None:
        """The current session, or ``None`` when there is none (yet)."""
        return self._satr_session

    @property
    def session_store_failed(self) -> bool:
        """True when the store could not be read for this request."""
        return self._satr_load_failed

    async def prepare(self) -> None:
        """Load the session, and create one if ``auto_create`` and consent allow.

        Override to add steps, calling ``await super().prepare()`` first.
        """
        if self.satr_load_session or self._satr_method_needs_session():
            await self.load_session()
        settings = self.satr.settings
        if (
            settings.auto_create
            and self._satr_session is None
            and not self._satr_load_failed
            and self.has_consent()
        ):
            self.create_session()
            self._satr_auto_created = True
        result = super().prepare()
        if result is not None:
            await result

    async def load_session(self) -> Session | None:
        """Load the session named by the request, once; returns it or None."""
        if self._satr_loaded:
            return self._satr_session
        self._satr_loaded = True
        found = self.get_session_token()
        if found is None:
            return None
        token, transport = found
        self._satr_touched = True
        manager = self.satr
        try:
            result = await manager.load(token, transport)
        except StoreError:
            log.error("session store read failed; going on anonymously", exc_info=True)
            self._satr_load_failed = True
            return None
        if result.session is None:
            self._satr_invalid = transport
            shown = result.signed_id or token
            log.info("invalid session %s: %s", short_hash(shown), result.invalid_reason)
            await manager.emit(
                "invalid", shown, handler=self, reason=result.invalid_reason
            )
            return None
        self._satr_session = result.session
        return result.session

    def get_session_token(self) -> tuple[str, Transport] | None:
        """Return the presented token and how it came, or None.

        Override to read it elsewhere. The cookie wins over the header; with
        several cookies of the session name, the first correctly signed one
        is used.
        """
        settings = self.satr.settings
        values = self._satr_cookie_values(settings.cookie_name)
        if len(values) == 1:
            # The load checks the signature; checking it here too would
            # double the cost of every request.
            return values[0], "cookie"
        if values:
            for value in values:
                if unsign_id(settings, value) is not None:
                    return value, "cookie"
            return values[0], "cookie"
        if settings.header is not None:
            presented = self.request.headers.get(settings.header)
            if presented is not None:
                return presented.strip(), "header"
        return None

    def has_consent(self) -> bool:
        """Tell whether the visitor allows non-essential cookies.

        Override to ask your consent manager. By default: the consent cookie
        reads ``yes`` and the browser does not send ``Sec-GPC: 1``.
        """
        if self.request.headers.get("Sec-GPC", "").strip() == "1":
            return False
        return self.get_cookie(self.satr.settings.consent_cookie) == "yes"

    def create_session(self, transport: Transport | None = None) -> Session:
        """Return the current session, making a new unsaved one if there is none.

        ``transport`` chooses cookie or header for a new session; by default
        it follows how the request came.
        """
        if self._satr_session is not None and not self._satr_session.ended:
            return self._satr_session
        if self._satr_load_failed:
            # The presented session may still be alive: replacing its cookie
            # with a new session would log the user out.
            raise tornado.web.HTTPError(503, reason="Session Store Unavailable")
        chosen = transport or self._satr_invalid or "cookie"
        self._check_transport(chosen)
        self._satr_session = self.satr.new_session(chosen)
        self._satr_touched = True
        return self._satr_session

    def login(self, user_id: UserId, transport: Transport | None = None) -> Session:
        """Authorize ``user_id``: the session id rotates, the data stays.

        A session made here needs no consent (it is strictly necessary); its
        cookie then lasts only for the browser session.
        """
        session = self.create_session(transport)
        if transport is not None:
            self._check_transport(transport)
            session.transport = transport
        session.authorize(user_id)
        self.current_user = user_id
        return session

    def logout(self) -> None:
        """End the session: the record is deleted, the cookie cleared."""
        if self._satr_session is not None:
            self._satr_session.end()
        self.current_user = None

    async def user_sessions(self) -> list[SessionRecord]:
        """The logged-in user's live sessions, this one included; else []."""
        user_id = self._satr_user_id()
        if user_id is None:
            return []
        return await self._satr_or_503(self.satr.user_sessions(user_id))

    async def count_user_sessions(self) -> int:
        """How many live sessions the logged-in user has, this one included."""
        user_id = self._satr_user_id()
        if user_id is None:
            return 0
        return await self._satr_or_503(self.satr.count_user_sessions(user_id))

    async def end_other_sessions(self) -> int:
        """End every other session of the logged-in user; return how many.

        For a "log out my other devices" button, or after a password change.
        A store failure is logged and answered with 503.
        """
        user_id = self._satr_user_id()
        session = self._satr_session
        if user_id is None or session is None or session.write_key is None:
            return 0
        ending = self.satr.end_user_sessions(user_id, session.write_key)
        return await self._satr_or_503(ending)

    async def _satr_or_503(self, call: Awaitable[T]) -> T:
        try:
            return await call
        except StoreError:
            log.error("session store call failed; answering 503", exc_info=True)
            raise tornado.web.HTTPError(
                503, reason="Session Store Unavailable"
            ) from None

    def get_current_user(self) -> Any:
        """The authorized user's id, so ``current_user`` and
        ``@tornado.web.authenticated`` work."""
        return self._satr_user_id()

    def _satr_user_id(self) -> UserId | None:
        session = self._satr_session
        if session is None or session.ended or not session.authorized:
            return None
        return session.user_id

    def write_unauthorized(self, api: bool) -> None:
        """Answer a request ``@authorized`` turns away without a redirect.

        Override to answer an unauthorized request your way. ``api`` tells
        whether the client counts as a program (see ``is_api_request`` and
        ``@authorized(api=...)``). By default every client gets 401,
        ``WWW-Authenticate: Session realm="satr"`` and a JSON body.
        """
        self.set_status(401)
        self.set_header("WWW-Authenticate", 'Session realm="satr"')
        self.finish({"error": "unauthorized", "message": "log in first"})

    # -- response hooks -------------------------------------------------
    def send_error(self, status_code: int = 500, **kwargs: Any) -> None:
        # A handler that raised leaves its session changes unsaved, as if the
        # request had not happened; an ended session is still destroyed.
        session = self._satr_session
        if (
            status_code >= 500
            and "exc_info" in kwargs
            and session is not None
            and not session.ended
            and not self._headers_written
        ):
            session.drop()
        super().send_error(status_code, **kwargs)

    def flush(self, include_footers: bool = False) -> Future[None]:
        if self._satr_bypass or self._headers_written:
            return super().flush(include_footers)
        if self._satr_busy():

            def later() -> Future[None]:
                return super(SatrMixin, self).flush(include_footers)

            return self._satr_defer(later)
        answer.set_session_headers(self)
        return super().flush(include_footers)

    def finish(self, chunk: str | bytes | dict[str, Any] | None = None) -> Future[None]:
        if self._satr_bypass:
            return super().finish(chunk)
        if self._satr_finish is not None:
            return self._satr_finish
        if not self._satr_busy():
            # Tornado's finish() flushes, and flush() sets the session headers.
            return super().finish(chunk)
        if chunk is not None:
            self.write(chunk)

        def later() -> Future[None]:
            return super(SatrMixin, self).finish()

        self._satr_finish = self._satr_defer(later, swallow=True)
        return self._satr_finish

    # -- internals ------------------------------------------------------
    def _check_transport(self, transport: Transport) -> None:
        if transport == "header" and self.satr.settings.header is None:
            raise ConfigurationError(
                "header",
                "a header session was asked for but header=None",
                "set header='X-Session-Id' (or another name)",
            )

    def _satr_method_needs_session(self) -> bool:
        method = getattr(self, self.request.method.lower(), None)
        return bool(getattr(method, "__satr_authorized__", False))

    def _satr_cookie_values(self, name: str) -> list[str]:
        values: list[str] = []
        for header in self.request.headers.get_list("Cookie"):
            for part in header.split(";"):
                key, sep, value = part.partition("=")
                if sep and key.strip() == name:
                    values.append(value.strip().strip('"'))
        return values

    def _satr_busy(self) -> bool:
        if self._satr_sending:
            return False
        chain = self._satr_chain
        if chain is not None and not chain.done():
            return True
        session = self._satr_session
        return session is not None and session.dirty and not session.dropped

    def _satr_defer(
        self, then: Callable[[], Awaitable[None] | None], swallow: bool = False
    ) -> asyncio.Future[None]:
        previous = self._satr_chain

        async def run() -> None:
            if previous is not None:
                await asyncio.wait([previous])
            await self._satr_commit()
            if self._finished:
                # The save failed and the error page went out: stop the
                # handler quietly rather than with a second traceback.
                if not swallow:
                    raise tornado.web.Finish()
                return
            try:
                self._satr_sending = True
                try:
                    result = then()
                finally:
                    self._satr_sending = False
                if result is not None:
                    await result
            except Exception:
                if not swallow:
                    raise
                log.debug("response could not be sent", exc_info=True)

        self._satr_chain = asyncio.ensure_future(run())
        return self._satr_chain

    async def _satr_commit(self) -> None:
        session = self._satr_session
        if self._satr_bypass or session is None or not session.dirty:
            return
        headers_out = self._headers_written
        if headers_out and (session.is_new or session.rotated or session.renew_pending):
            log.error(
                "session %s: id change after the headers were sent is not saved; "
                "call login()/create_session() before flush()",
                short_hash(session.id),
            )
            session.drop()
            return
        try:
            outcome = await self.satr.commit(session, handler=self)
        except StoreError:
            if self._satr_only_auto_created(session):
                # Nothing the visitor was promised is lost: go on without it.
                log.error(
                    "session store write failed; no session for this visitor",
                    exc_info=True,
                )
                session.drop()
                return
            log.error("session store write failed; answering 503", exc_info=True)
            self._satr_fail(503)
            return
        if headers_out:
            return
        self._satr_apply(outcome, session)

    def _satr_only_auto_created(self, session: Session) -> bool:
        """True for a new visitor session that nobody put anything in."""
        return (
            self._satr_auto_created
            and session.is_new
            and not session.ended
            and not session.authorized
            and len(session) == 0
        )

    def _satr_fail(self, status: int) -> None:
        if self._headers_written:
            return
        self._satr_bypass = True
        if hasattr(self, "_new_cookie"):
            del self._new_cookie
        self.send_error(status)

    def _satr_apply(self, outcome: CommitResult, session: Session) -> None:
        if outcome == "issued":
            answer.send_token(self, session)
        elif outcome == "ended":
            log.info("session %s ended", short_hash(session.id))
            if session.transport == "cookie":
                answer.clear_cookie(self)
        elif outcome == "gone":
            log.info("session %s ended before this save", short_hash(session.id))
            self._satr_invalid = session.transport
            self._satr_session = None
            self._satr_fail(409)
            return
        answer.set_session_headers(self)


class SatrHandler(SatrMixin, tornado.web.RequestHandler):
    """A ``RequestHandler`` with a session: ``class Page(SatrHandler)``."""
