"""Who is calling: a bearer API key of one tenant, and the scopes a route needs.

No or an unknown key is 401, a key without the route's scope is 403; routes then answer 404 for
ids of other tenants, so a caller cannot tell another tenant's ids from ids that do not exist.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from resume_worker.api.context import context
from resume_worker.api.errors import ApiError
from resume_worker.core.errors import ErrorCode
from resume_worker.core.ports.api import ApiKey

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="apiKey",
    description="`Authorization: Bearer rwk_...` (`resume-worker apikeys create`).",
)
CHALLENGE = {"WWW-Authenticate": "Bearer"}


def requires(scope: str) -> Callable[..., Awaitable[ApiKey]]:
    """A dependency that yields the caller's key when it holds `scope`."""

    async def caller(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> ApiKey:
        if credentials is None:
            raise ApiError(401, ErrorCode.UNAUTHORIZED, "an API key is required", CHALLENGE)
        key = await context(request).built.keys.authenticate(credentials.credentials)
        if key is None:
            raise ApiError(401, ErrorCode.UNAUTHORIZED, "the API key is not valid", CHALLENGE)
        if scope not in key.scopes:
            raise ApiError(403, ErrorCode.FORBIDDEN, f"the API key lacks the {scope} scope")
        return key

    return caller
