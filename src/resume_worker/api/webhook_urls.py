"""The webhook URL a client gives with an upload, checked for shape when it is accepted.

Only the shape is checked here (https in production, a host, no credentials); where the URL may
point (the SSRF guard: resolved addresses, private ranges, no redirects) is decided when a
delivery is made, since DNS can change between now and then.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from resume_worker.api.uploads import bad_form

MAX_URL = 2000


def checked_webhook_url(url: str | None, production: bool) -> str | None:
    """The URL as given, None when absent or empty; 422 for a URL that can never be delivered."""
    if not url:
        return None
    allowed = ("https",) if production else ("https", "http")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise bad_form("webhook_url is not a URL") from None
    if len(url) > MAX_URL or parts.scheme not in allowed or not parts.hostname:
        raise bad_form(f"webhook_url must be an {' or '.join(allowed)} URL with a host")
    if parts.username is not None or parts.password is not None or port == 0:
        raise bad_form("webhook_url must not carry credentials or port 0")
    return url
