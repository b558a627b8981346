"""The README's recipe for reusing the templates works as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
import pytest
from markupsafe import Markup

from satr_tornado import MemoryStore, SatrManager, SatrSettings
from satr_tornado.session import Session
from tests.conftest import FakeClock

RECIPE = Path(__file__).with_name("readme_templates.py")
ROOT = RECIPE.parents[2]
TEMPLATES = ROOT / "templates"
PAGES = sorted(path.name for path in TEMPLATES.glob("*.html"))
ROW = re.compile(r"^\| `([\w.]+\.html)` \|(.*)\|$", re.MULTILINE)


def _readme() -> str:
    return (ROOT / "README.md").read_text("utf-8")


def _reuse_section() -> str:
    return _readme().split("**Reusing the templates.**", 1)[1]


def _documented() -> dict[str, list[str]]:
    """The README's table: template name to the variables it reads."""
    table = _reuse_section().split("| template | variables |", 1)[1]
    return {name: re.findall(r"`(\w+)`", cells) for name, cells in ROW.findall(table)}


def _session() -> Session:
    settings = SatrSettings(secret="k" * 40, store=MemoryStore(), clock=FakeClock())
    return SatrManager(settings).new_session()


def _xsrf_form_html() -> Markup:
    return Markup('<input type="hidden" name="_xsrf" value="x">')


def _samples() -> dict[str, Any]:
    """A value for every variable the README may name."""
    return {
        "current_user": "alice",
        "static_url": lambda path: f"/static/{path}",
        "xsrf_form_html": _xsrf_form_html,
        "consent": None,
        "here": "/private",
        "session": _session(),
        "other_sessions": 1,
        "next": "/private",
        "error": "Wrong user name or password.",
        "username": "alice",
        "status": 401,
        "reason": "Unauthorized",
    }


def _recipe_environment(monkeypatch: pytest.MonkeyPatch) -> jinja2.Environment:
    """The environment built by the README's code, run from the project root."""
    monkeypatch.chdir(ROOT)
    namespace: dict[str, Any] = {}
    exec(compile(RECIPE.read_text("utf-8"), str(RECIPE), "exec"), namespace)  # noqa: S102
    environment: jinja2.Environment = namespace["templates"]
    return environment


def _variables(name: str) -> dict[str, Any]:
    documented = _documented()
    names = list(documented[name])
    source = (TEMPLATES / name).read_text("utf-8")
    if '{% extends "base.html" %}' in source:
        names += documented["base.html"]
    samples = _samples()
    return {variable: samples[variable] for variable in names}


def test_readme_recipe_is_this_code() -> None:
    block = _reuse_section().split("```python\n", 1)[1].split("```\n", 1)[0]

    assert block == RECIPE.read_text("utf-8")


def test_readme_documents_every_template() -> None:
    documented = _documented()

    assert sorted(documented) == PAGES


@pytest.mark.parametrize("name", PAGES)
def test_readme_environment_renders_template_with_documented_variables(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    environment = _recipe_environment(monkeypatch)

    html = environment.get_template(name).render(**_variables(name))

    assert html.strip()


def test_readme_when_filter_shows_private_page_times_in_utc(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    environment = _recipe_environment(monkeypatch)

    html = environment.get_template("private.html").render(**_variables("private.html"))

    assert "<dt>Session started</dt><dd>2030-01-01 00:00:00 UTC</dd>" in html
    assert "<dt>Session ends</dt><dd>2030-01-01 01:00:00 UTC</dd>" in html


def test_site_name_replaces_the_demo_name_in_title_and_brand(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    environment = _recipe_environment(monkeypatch)
    variables = {**_variables("public.html"), "site_name": "Acme"}

    html = environment.get_template("public.html").render(**variables)

    assert "· Acme</title>" in html
    assert 'class="brand">Acme</a>' in html
    assert "satr demo" not in html
