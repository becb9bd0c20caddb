"""GET /v1/search: the caller's tenant's best candidates for a query, through search.py."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from resume_worker.api.auth import requires
from resume_worker.api.context import context
from resume_worker.api.errors import ErrorBody
from resume_worker.core.ports.api import ApiKey
from resume_worker.core.ports.search import SearchFilters
from resume_worker.search.hybrid import Mode, search_candidates, search_document

router = APIRouter()


class SearchDocument(BaseModel):
    """The same document as `resume-worker search --json`: snippets come from redacted text."""

    query: str
    tenant: str
    mode: str
    top: int
    filters: dict[str, Any]
    results: list[dict[str, Any]]
    timings_ms: dict[str, float]


@router.get(
    "/v1/search",
    response_model=SearchDocument,
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
async def search(
    request: Request,
    *,
    key: Annotated[ApiKey, Depends(requires("search:read"))],
    q: Annotated[str, Query(min_length=1, max_length=500, pattern=r"\S")],
    top: Annotated[int | None, Query(ge=1, le=200)] = None,
    min_months: Annotated[int | None, Query(ge=0, le=1200)] = None,
    skill: Annotated[list[str] | None, Query(max_length=20)] = None,
    mode: Mode = "hybrid",
) -> dict[str, Any]:
    """Hybrid (vector + keyword) search over the latest version of every candidate."""
    found = context(request).built.search
    filters = SearchFilters(key.tenant_id, min_months, tuple(skill or ()))
    top_k = top or found.top_k
    result = await search_candidates(
        q, filters, index=found.index, embedder=found.embedder, top_k=top_k, mode=mode
    )
    return search_document(q, filters, mode, top_k, result)
