import asyncio
import os

import tornado.web
from tornado.escape import xhtml_escape

from satr_tornado import (
    SatrHandler,
    SatrManager,
    SatrSettings,
    authorized,
    safe_redirect_target,
)


class Public(SatrHandler):
    def get(self) -> None:
        self.write(f"Hello, {xhtml_escape(self.current_user or 'visitor')}")


class Private(SatrHandler):
    @authorized
    def get(self) -> None:
        self.write(f"Only for {xhtml_escape(self.current_user)}")


class Login(SatrHandler):
    def get(self) -> None:
        self.write(
            f'<form method="post">{self.xsrf_form_html()}'
            '<input name="user"><button>Log in</button></form>'
        )

    def post(self) -> None:
        self.login(self.get_body_argument("user"))  # check a password first!
        next_url = self.get_query_argument("next", None)
        self.redirect(safe_redirect_target(next_url, "/private"))


async def main() -> None:
    app = tornado.web.Application(
        [(r"/", Public), (r"/private", Private), (r"/login", Login)],
        login_url="/login",
        xsrf_cookies=True,
        satr=SatrManager(SatrSettings(secret=os.environ["SESSION_SECRET"])),
    )
    app.listen(int(os.environ.get("PORT", "8000")), "127.0.0.1")
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
