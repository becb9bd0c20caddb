"""The webhook URL a client gives with an upload, checked for shape when it is accepted.

Only the shape is checked here, by the webhooks package's own rules (https in production, a
host, a port in range, no credentials, a sane length); where the URL may point (the SSRF guard:
resolved addresses, private ranges, no redirects) is decided when a delivery is made, since DNS
can change between now and then.
"""

from __future__ import annotations

from resume_worker.adapters.webhooks import url_problem
from resume_worker.api.uploads import bad_form


def checked_webhook_url(url: str | None, production: bool) -> str | None:
    """The URL as given, None when absent or empty; 422 for a URL that can never be delivered
    (the message says why, never repeating the URL)."""
    if not url:
        return None
    problem = url_problem(url, https_only=production)
    if problem:
        raise bad_form(f"webhook_url: {problem}")
    return url
