"""SatrSettings: secure defaults, and a named error for every bad value."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from satr_tornado.errors import ConfigurationError
from satr_tornado.settings import DEVELOPMENT_ENVS, MIN_SECRET_LENGTH, SatrSettings
from satr_tornado.stores.memory import MemoryStore

SECRET = "s" * MIN_SECRET_LENGTH


def build(**overrides: Any) -> SatrSettings:
    values: dict[str, Any] = {"secret": SECRET, "env": "test"}
    values.update(overrides)
    return SatrSettings(**values)


def refused(setting: str, **overrides: Any) -> ConfigurationError:
    with pytest.raises(ConfigurationError) as caught:
        build(**overrides)
    assert caught.value.setting == setting
    assert repr(setting) in str(caught.value)
    return caught.value


def test_defaults_are_the_documented_ones() -> None:
    settings = build()

    assert settings.cookie_name == "_si"
    assert settings.life == 3600
    assert settings.idle_timeout is None
    assert settings.renewal_grace == 30
    assert settings.auto_create is False
    assert settings.header == "X-Session-Id"
    assert settings.consent_cookie == "satr_consent"


def test_cookie_defaults_are_secure() -> None:
    settings = build()

    assert settings.httponly is True
    assert settings.samesite == "Lax"
    assert settings.secure == "auto"
    assert settings.cookie_path == "/"
    assert settings.cookie_domain is None


def test_settings_are_frozen() -> None:
    settings = build()

    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.life = 10  # type: ignore[misc]


def test_empty_secret_is_refused() -> None:
    refused("secret", secret="")


def test_secret_one_character_short_is_refused() -> None:
    refused("secret", secret="k" * (MIN_SECRET_LENGTH - 1))


def test_secret_of_minimum_length_is_accepted() -> None:
    assert build(secret="k" * MIN_SECRET_LENGTH).secret == "k" * MIN_SECRET_LENGTH


def test_short_secret_error_does_not_show_the_secret() -> None:
    secret = "hunter2-but-too-short"

    error = refused("secret", secret=secret)

    assert secret not in str(error)


def test_secret_that_is_not_text_is_refused() -> None:
    refused("secret", secret=b"b" * 40)


def test_versioned_keys_sign_with_the_newest() -> None:
    settings = build(secret={1: "a" * 32, 3: "c" * 32, 2: "b" * 32})

    assert settings.signing_key_version == 3


def test_single_key_has_no_version() -> None:
    assert build().signing_key_version is None


def test_empty_key_dict_is_refused() -> None:
    refused("secret", secret={})


def test_one_short_versioned_key_is_refused() -> None:
    refused("secret", secret={1: "a" * 32, 2: "short"})


@pytest.mark.parametrize("version", ["1", True, 1.0])
def test_key_version_that_is_not_an_int_is_refused(version: Any) -> None:
    refused("secret", secret={version: "a" * 32})


def test_repr_masks_the_secret() -> None:
    secret = "topsecret-" + "x" * 40

    settings = build(secret=secret)

    assert secret not in repr(settings)
    assert secret not in str(settings)


def test_repr_masks_versioned_secrets() -> None:
    keys = {1: "first-" + "x" * 40, 2: "second-" + "y" * 40}

    text = repr(build(secret=keys))

    assert keys[1] not in text
    assert keys[2] not in text


_BAD_VALUES: list[tuple[str, dict[str, Any]]] = [
    ("life", {"life": 0}),
    ("life", {"life": -1}),
    ("life", {"life": float("nan")}),
    ("life", {"life": float("inf")}),
    ("life", {"life": "3600"}),
    ("life", {"life": None}),
    ("idle_timeout", {"idle_timeout": 0}),
    ("idle_timeout", {"idle_timeout": 3601}),
    ("idle_timeout", {"idle_timeout": "60"}),
    ("touch_interval", {"touch_interval": -1}),
    ("touch_interval", {"touch_interval": None}),
    ("touch_interval", {"touch_interval": float("nan")}),
    ("renewal_duration", {"renewal_duration": -1}),
    ("renewal_duration", {"renewal_duration": 3600}),
    ("renewal_duration", {"renewal_duration": "300"}),
    ("renewal_grace", {"renewal_grace": -1}),
    ("renewal_grace", {"renewal_grace": 3600}),
    ("renewal_grace", {"renewal_grace": None}),
    ("store_timeout", {"store_timeout": 0}),
    ("store_timeout", {"store_timeout": float("inf")}),
    ("store_timeout", {"store_timeout": "5"}),
    ("store_retry_after", {"store_retry_after": -1}),
    ("store_retry_after", {"store_retry_after": float("nan")}),
    ("store_retry_after", {"store_retry_after": None}),
    ("header", {"header": ""}),
    ("header", {"header": "X Session"}),
    ("header", {"header": "X-Session:Id"}),
    ("cookie_name", {"cookie_name": ""}),
    ("cookie_name", {"cookie_name": "my session"}),
    ("cookie_name", {"cookie_name": "a;b"}),
    ("cookie_name", {"cookie_name": "a=b"}),
    ("consent_cookie", {"consent_cookie": "con sent"}),
    ("samesite", {"samesite": "lax"}),
    ("samesite", {"samesite": "none"}),
    ("samesite", {"samesite": None}),
    ("secure", {"secure": "yes"}),
    ("secure", {"secure": 1.5}),
    ("cookie_path", {"cookie_path": "relative"}),
    ("cookie_path", {"cookie_path": "/; Domain=evil.example"}),
    ("cookie_path", {"cookie_path": "/a b"}),
    ("cookie_domain", {"cookie_domain": "example.com; Secure"}),
    ("cookie_domain", {"cookie_domain": "exa mple.com"}),
    ("cookie_domain", {"cookie_domain": ""}),
]


@pytest.mark.parametrize(
    ("setting", "overrides"),
    _BAD_VALUES,
    ids=[f"{name}={next(iter(o.values()))!r}" for name, o in _BAD_VALUES],
)
def test_bad_value_raises_configuration_error_naming_it(
    setting: str, overrides: dict[str, Any]
) -> None:
    refused(setting, **overrides)


def test_configuration_error_says_how_to_fix_it() -> None:
    error = refused("life", life=0)

    assert "Fix:" in str(error)
    assert error.fix


def test_configuration_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        build(life=0)


def test_idle_timeout_equal_to_life_is_accepted() -> None:
    assert build(idle_timeout=3600).idle_timeout == 3600


def test_renewal_can_be_turned_off() -> None:
    assert build(renewal_duration=0).renewal_duration == 0


def test_header_can_be_turned_off() -> None:
    assert build(header=None).header is None


@pytest.mark.parametrize("name", ["__Host-si", "__Secure-si"])
def test_prefixed_cookie_needs_secure_true(name: str) -> None:
    refused("secure", cookie_name=name, secure="auto")


@pytest.mark.parametrize("name", ["__Host-si", "__Secure-si"])
def test_prefixed_cookie_with_secure_is_accepted(name: str) -> None:
    assert build(cookie_name=name, secure=True).cookie_name == name


def test_host_cookie_refuses_a_domain() -> None:
    refused(
        "cookie_name",
        cookie_name="__Host-si",
        secure=True,
        cookie_domain="example.com",
    )


def test_host_cookie_refuses_a_path_other_than_root() -> None:
    refused("cookie_name", cookie_name="__Host-si", secure=True, cookie_path="/app")


def test_secure_cookie_may_have_a_domain() -> None:
    settings = build(cookie_name="__Secure-si", secure=True, cookie_domain="a.example")

    assert settings.cookie_domain == "a.example"


@pytest.mark.parametrize("secure", ["auto", False])
def test_samesite_none_needs_secure(secure: Any) -> None:
    refused("secure", samesite="None", secure=secure)


def test_samesite_none_with_secure_is_accepted() -> None:
    assert build(samesite="None", secure=True).samesite == "None"


def test_missing_store_outside_dev_envs_is_refused() -> None:
    error = refused("store", env="production", store=None)

    assert "MongoStore" in error.fix


@pytest.mark.parametrize("env", sorted(DEVELOPMENT_ENVS))
def test_missing_store_is_allowed_in_dev_env(env: str) -> None:
    assert build(env=env, store=None).store is None


def test_given_store_is_accepted_outside_dev_envs() -> None:
    store = MemoryStore()

    assert build(env="production", store=store).store is store


@pytest.mark.parametrize("thing", ["mongodb://localhost", {}, object()])
def test_store_that_is_not_a_session_store_is_refused(thing: Any) -> None:
    refused("store", env="production", store=thing)


def test_env_is_read_from_satr_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SATR_ENV", "qa")

    assert SatrSettings(secret=SECRET).env == "qa"


def test_satr_env_is_trimmed_and_lowercased(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SATR_ENV", " Dev ")

    assert SatrSettings(secret=SECRET).env == "dev"


def test_unset_satr_env_means_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SATR_ENV", raising=False)

    with pytest.raises(ConfigurationError) as caught:
        SatrSettings(secret=SECRET)

    assert caught.value.setting == "store"


def test_satr_env_outside_dev_needs_a_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SATR_ENV", "staging")

    with pytest.raises(ConfigurationError) as caught:
        SatrSettings(secret=SECRET)

    assert caught.value.setting == "store"


@pytest.mark.parametrize("path", ["/", "/app", "/app-1/sub_dir", "/a,b"])
def test_plain_cookie_path_is_accepted(path: str) -> None:
    assert build(cookie_path=path).cookie_path == path


@pytest.mark.parametrize("domain", ["example.com", ".example.com", "a-b.example"])
def test_host_name_cookie_domain_is_accepted(domain: str) -> None:
    assert build(cookie_domain=domain).cookie_domain == domain


def test_driver_collection_given_as_store_is_refused(pymongo_collection: Any) -> None:
    error = refused("store", env="production", store=pymongo_collection)

    assert "MongoStore(collection)" in error.fix
