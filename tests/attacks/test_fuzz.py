"""Property-based fuzzing of cookie values, session-header values and ``next``.

The normal run tries 50 cases per property (15 for the one that logs in);
``SATR_FUZZ=long`` (used by ``make fuzz``) raises every property to 10,000.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.attacks.conftest import Site
from tests.attacks.harness import COOKIE, HEADER, browser_login, store_key

_COMMON: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture],
}
settings.register_profile("satr-attacks", max_examples=50, **_COMMON)
settings.register_profile("satr-attacks-long", max_examples=10_000, **_COMMON)

LONG = os.environ.get("SATR_FUZZ") == "long"
FUZZ = settings.get_profile("satr-attacks-long" if LONG else "satr-attacks")
#: Each POST /login verifies a password hash, so the normal run tries fewer.
FUZZ_LOGINS = settings(FUZZ, max_examples=10_000 if LONG else 15)

#: Characters a raw HTTP header may carry (no CR, LF or NUL).
_HEADER_TEXT = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\r\n\x00"),
    max_size=600,
)
#: Shapes of a Tornado signed value, with every field free to be wrong.
_SIGNED_SHAPE = st.from_regex(
    r"\A2\|[0-9]{1,2}:[0-9a-z]{0,3}\|[0-9]{1,2}:[0-9]{0,12}\|[0-9]{1,2}:[_a-z]{0,4}"
    r"\|[0-9]{1,3}:[A-Za-z0-9+/=]{0,64}\|[0-9a-f]{0,70}\Z"
)
_OPERATORS = st.sampled_from(
    ["$gt", "$ne", "$where", "$regex", "{}", "[]", "null", ".", "..", "data.uid"]
)
TOKENS = st.one_of(
    _HEADER_TEXT, _SIGNED_SHAPE, _OPERATORS, st.text("0123456789abcdef|:", max_size=80)
)


def _keys(value: str) -> list[str]:
    stripped = value.strip().strip('"')
    return [store_key(value), store_key(stripped), value, stripped]


def _not_adopted(site: Site, value: str, *issued: str | None) -> None:
    assert site.store.holders_of(_keys(value)) == []
    for echoed in issued:
        assert not echoed or echoed.strip() != value.strip()


@FUZZ
@given(value=TOKENS)
def test_fuzzed_cookie_value_gives_no_5xx_and_no_store_write(
    site: Site, value: str
) -> None:
    raw = f"{COOKIE}=".encode() + value.encode("utf-8")

    private = site.http.request("GET", "/private", headers=[("Cookie", raw)])
    public = site.http.request("GET", "/public", headers=[("Cookie", raw)])

    assert private.status < 500 and public.status < 500
    assert private.status != 200
    issued = [c.value for r in (private, public) if (c := r.cookie(COOKIE))]
    _not_adopted(site, value, *issued)


@FUZZ
@given(value=TOKENS)
def test_fuzzed_session_header_gives_no_5xx_and_no_store_write(
    site: Site, value: str
) -> None:
    raw = value.encode("utf-8")

    me = site.http.request("GET", "/api/me", headers=[(HEADER, raw)])
    logout = site.http.request("POST", "/api/logout", headers=[(HEADER, raw)])

    assert me.status < 500 and logout.status < 500
    assert me.status != 200
    _not_adopted(site, value, me.header(HEADER), logout.header(HEADER))


_NEXT = st.one_of(
    _HEADER_TEXT,
    st.builds(
        "".join,
        st.lists(
            st.sampled_from(
                [
                    "/",
                    "//",
                    "\\",
                    "%2F",
                    "%5C",
                    "%09",
                    "%0a",
                    "@",
                    ":",
                    "evil.example",
                    "javascript:",
                    "http:",
                    "?",
                    "#",
                    ".",
                    "%25",
                    "\t",
                    " ",
                    "127.0.0.1",
                ]
            ),
            max_size=12,
        ),
    ),
)


def _same_site(location: str, port: int) -> bool:
    cleaned = re.sub(r"[\t\n\r]", "", location).strip("\x00 ").replace("\\", "/")
    base = f"http://127.0.0.1:{port}/login"
    target = urllib.parse.urlsplit(urllib.parse.urljoin(base, cleaned))
    return (target.scheme, target.netloc) == ("http", f"127.0.0.1:{port}")


@FUZZ
@given(target=_NEXT)
def test_fuzzed_next_on_the_login_form_gives_no_5xx(site: Site, target: str) -> None:
    query = urllib.parse.urlencode({"next": target})

    form = site.http.get(f"/login?{query}")
    private = site.http.get(f"/private?{query}")

    assert form.status == 200
    assert private.status in (302, 303)
    assert private.location is not None and _same_site(private.location, site.demo.port)


@FUZZ_LOGINS
@given(target=_NEXT)
def test_fuzzed_next_after_login_stays_on_the_site(site: Site, target: str) -> None:
    login = browser_login(site.http, next_target=target)

    assert login.response.status in (302, 303)
    location = login.response.location
    assert location is not None and _same_site(location, site.demo.port)
