"""Webhooks per the Standard Webhooks spec: signing, the SSRF guard, HTTP delivery with its
retry schedule, and the delivery log in SQL."""

from resume_worker.adapters.sql.webhooks import Delivery, SqlWebhookStore
from resume_worker.adapters.webhooks.notifier import RetrySchedule, WebhookNotifier
from resume_worker.adapters.webhooks.sender import HttpSender
from resume_worker.adapters.webhooks.signing import SecretError, parse_secrets
from resume_worker.adapters.webhooks.ssrf import AllowList, url_problem

__all__ = [
    "AllowList",
    "Delivery",
    "HttpSender",
    "RetrySchedule",
    "SecretError",
    "SqlWebhookStore",
    "WebhookNotifier",
    "parse_secrets",
    "url_problem",
]
