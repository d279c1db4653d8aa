"""Configuration is validated at startup with messages that name the setting."""

from __future__ import annotations

import pytest

from api.settings import DEV_PASSWORD, SettingsError, load_settings


def test_default_password_refused_for_a_real_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """NEO4J_URI with the development password is refused, naming the setting."""
    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example:7687")
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.delenv("ACCOUNTMAP_NEO4J_PASSWORD", raising=False)
    with pytest.raises(SettingsError, match="NEO4J_PASSWORD is still the local development"):
        load_settings()


def test_default_password_allowed_for_the_local_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without NEO4J_URI the local server's development password is fine."""
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("ACCOUNTMAP_NEO4J_URI", raising=False)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.delenv("ACCOUNTMAP_NEO4J_PASSWORD", raising=False)
    settings = load_settings()
    assert settings.uses_local_server
    assert settings.neo4j_password.get_secret_value() == DEV_PASSWORD


def test_bad_values_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """A malformed URI scheme and port are each reported with the variable to fix."""
    monkeypatch.setenv("NEO4J_URI", "http://localhost:7474")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pw")
    monkeypatch.setenv("ACCOUNTMAP_PORT", "99999")
    with pytest.raises(SettingsError) as raised:
        load_settings()
    message = str(raised.value)
    assert "ACCOUNTMAP_NEO4J_URI" in message
    assert "bolt://" in message
    assert "ACCOUNTMAP_PORT" in message


@pytest.mark.parametrize("uri", ["bolt://h:7687", "neo4j://h", "neo4j+s://h", "bolt+ssc://h:1"])
def test_every_driver_scheme_is_accepted(monkeypatch: pytest.MonkeyPatch, uri: str) -> None:
    """bolt, neo4j (cluster routing) and the TLS variants are all valid NEO4J_URI values."""
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pw")
    assert load_settings().neo4j_uri == uri
