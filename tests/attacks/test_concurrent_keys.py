"""Concurrency on session data, through the demo's ``/api/prefs``.

The demo has no slow route, so a race is made by numbers: many requests on
one session sent at once, repeated until the responses show that the race
really happened (two requests each read the session before the other's save,
or a save came after the logout). A test whose race never happened fails
rather than passing on requests that merely ran one after another.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from demo.prefs import PREF_KEYS
from tests.attacks.conftest import Site
from tests.attacks.harness import HEADER, Http, Response, api_login, private_works

#: Rounds tried before a test gives up on making its race happen.
MAX_ROUNDS = 30
#: Preference writes sent together with one logout.
PARALLEL_WRITES = 12


def _login(http: Http) -> str:
    response, token = api_login(http)
    assert response.status == 200 and token is not None, response.status
    return token


def _set(http: Http, token: str, key: str, value: str) -> Response:
    return http.post_json(
        "/api/prefs", {"key": key, "value": value}, headers={HEADER: token}
    )


def _prefs(http: Http, token: str) -> Response:
    return http.get("/api/prefs", headers={HEADER: token})


def _logout(http: Http, token: str) -> Response:
    return http.request("POST", "/api/logout", headers={HEADER: token})


def _overlapped(answers: dict[str, Response]) -> bool:
    """True when two writes each missed the other's key: both read first."""
    seen = {key: set(r.json()["prefs"]) for key, r in answers.items()}
    return any(
        a not in seen[b] and b not in seen[a] for a in seen for b in seen if a < b
    )


def test_parallel_requests_changing_different_keys_all_persist(site: Site) -> None:
    keys = sorted(PREF_KEYS)
    overlapping_rounds = 0
    lost: list[dict[str, str]] = []

    for turn in range(MAX_ROUNDS):
        token = _login(site.http)
        wanted = {key: f"{key}-{turn}" for key in keys}
        with ThreadPoolExecutor(max_workers=len(keys)) as pool:
            futures = {
                key: pool.submit(_set, site.http, token, key, value)
                for key, value in wanted.items()
            }
            answers = {key: future.result() for key, future in futures.items()}
        assert [r.status for r in answers.values()] == [200] * len(keys)
        stored = _prefs(site.http, token).json()["prefs"]
        if stored != wanted:
            lost.append(stored)
        if _overlapped(answers):
            overlapping_rounds += 1
            if overlapping_rounds >= 3:
                break

    assert lost == []
    assert overlapping_rounds >= 3, "the parallel writes never overlapped"


def test_logout_racing_writes_is_not_undone_by_their_saves(site: Site) -> None:
    refused_saves = 0
    survivors: list[str] = []
    statuses: set[int] = set()

    for _ in range(MAX_ROUNDS):
        token = _login(site.http)
        assert _set(site.http, token, "theme", "light").status == 200

        def visit(turn: int, token: str = token) -> Response:
            if turn == PARALLEL_WRITES // 2:
                return _logout(site.http, token)
            return _set(site.http, token, "theme", f"dark-{turn}")

        with ThreadPoolExecutor(max_workers=PARALLEL_WRITES + 1) as pool:
            answers = list(pool.map(visit, range(PARALLEL_WRITES + 1)))
        logout = answers.pop(PARALLEL_WRITES // 2)
        assert logout.status == 204
        statuses |= {r.status for r in answers}
        # 409: the write read the session before the logout and saved after it.
        refused_saves += sum(r.status == 409 for r in answers)
        issued = {r.header(HEADER) for r in answers} - {None, ""}
        survivors += [
            t
            for t in {token, *issued}
            if t is not None and private_works(site.http, t, via="header")
        ]
        if site.store.session_doc(token) is not None:
            survivors.append(token)
        if refused_saves >= 3:
            break

    assert survivors == []
    assert statuses <= {200, 401, 409}, statuses
    assert refused_saves >= 3, "no write ever saved after the logout"
