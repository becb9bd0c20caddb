"""`resume-worker candidates redact`: bring data stored by an older release up to the current
redaction of stored text, and seal its plaintext webhook URLs."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer

from resume_worker.cli.common import err, load_settings
from resume_worker.event_loop import run_async

if TYPE_CHECKING:
    from resume_worker.settings import Settings


def redact_command(
    tenant: Annotated[str | None, typer.Option(help="Only this tenant (default: all).")] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="One JSON document on stdout.")
    ] = False,
) -> None:
    """Re-redact, re-chunk, re-embed and re-index every candidate version stored before the
    current redaction (see migration 0013), seal webhook URLs stored in plaintext, then compact
    the database (SQLite: VACUUM) so no old plaintext is left in its files. A stopped run is
    finished by running it again."""
    document = run_async(_run(load_settings(), tenant))
    if json_output:
        typer.echo(json.dumps(document, indent=2))
    else:
        err.print(
            f"re-redacted {document['versions']} versions ({document['chunks']} chunks); "
            f"keyword index: {document['keyword_index_added']} chunks added; "
            f"webhook URLs sealed: {document['webhook_urls_sealed']}"
        )


async def _run(settings: Settings, tenant: str | None) -> dict[str, int]:

    from resume_worker.composition.admin import build_admin  # noqa: PLC0415
    from resume_worker.composition.search import build_search  # noqa: PLC0415
    from resume_worker.composition.webhooks import seal_stored_webhook_urls  # noqa: PLC0415
    from resume_worker.jobs.redact_stored import Chunking, redact_stored  # noqa: PLC0415

    async with build_admin(settings) as admin:
        services = admin.services
        chunking = Chunking(
            services.embedder,
            services.config.chunk_sizes,
            services.config.embedding_batch_size,
        )
        report = await redact_stored(
            admin.stored_text, services.keyring, chunking, tenant_id=tenant
        )
        sealed = await seal_stored_webhook_urls(settings, services.keyring)
        async with build_search(settings) as found:
            indexed = await found.index.refresh(tenant)
        await admin.stored_text.compact()
    return {**asdict(report), "keyword_index_added": indexed, "webhook_urls_sealed": sealed}
