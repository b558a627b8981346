"""``@authorized`` keeps the wrapped method's name, doc, signature and kind."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from satr_tornado import SatrHandler, authorized


class Handler(SatrHandler):
    def sync_get(self, item_id: str, *, verbose: bool = False) -> None:
        """Show one item."""

    async def async_get(self, item_id: str, *, verbose: bool = False) -> None:
        """Show one item, loading it first."""


def _bare(method: Callable[..., Any]) -> Callable[..., Any]:
    return authorized(method)


def _with_options(method: Callable[..., Any]) -> Callable[..., Any]:
    return authorized(api=True, permission=lambda handler: True)(method)


_METHODS = {"sync": Handler.sync_get, "async": Handler.async_get}
_DECORATE = {"bare": _bare, "with_options": _with_options}
_CASES = [(kind, form) for kind in _METHODS for form in _DECORATE]


@pytest.mark.parametrize(("kind", "form"), _CASES)
def test_authorized_keeps_the_signature(kind: str, form: str) -> None:
    method = _METHODS[kind]

    wrapped = _DECORATE[form](method)

    assert inspect.signature(wrapped) == inspect.signature(method)


@pytest.mark.parametrize(("kind", "form"), _CASES)
def test_authorized_keeps_name_and_qualified_name(kind: str, form: str) -> None:
    method = _METHODS[kind]

    wrapped = _DECORATE[form](method)

    assert wrapped.__name__ == method.__name__
    assert wrapped.__qualname__ == method.__qualname__


@pytest.mark.parametrize(("kind", "form"), _CASES)
def test_authorized_keeps_the_docstring(kind: str, form: str) -> None:
    method = _METHODS[kind]

    wrapped = _DECORATE[form](method)

    assert wrapped.__doc__ == method.__doc__
    assert wrapped.__doc__


@pytest.mark.parametrize("form", sorted(_DECORATE))
def test_authorized_async_method_stays_a_coroutine_function(form: str) -> None:
    wrapped = _DECORATE[form](Handler.async_get)

    assert inspect.iscoroutinefunction(wrapped)


@pytest.mark.parametrize("form", sorted(_DECORATE))
def test_authorized_sync_method_stays_a_plain_function(form: str) -> None:
    wrapped = _DECORATE[form](Handler.sync_get)

    assert not inspect.iscoroutinefunction(wrapped)
    assert inspect.isfunction(wrapped)


@pytest.mark.parametrize(("kind", "form"), _CASES)
def test_authorized_returns_a_new_function_around_the_method(
    kind: str, form: str
) -> None:
    method = _METHODS[kind]

    wrapped = _DECORATE[form](method)

    assert wrapped is not method
    assert inspect.unwrap(wrapped) is method
