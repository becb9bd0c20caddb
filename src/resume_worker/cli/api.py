"""`resume-worker api`: serve the HTTP API with uvicorn on api.host:api.port."""

from __future__ import annotations

from typing import Annotated

import typer

from resume_worker.cli.common import err, load_settings


def api_command(
    host: Annotated[str | None, typer.Option(help="Address to bind (default api.host).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default api.port).")] = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs). Without a broker, jobs run in this process,
    `concurrency` at a time."""
    import uvicorn  # noqa: PLC0415 - the web stack loads only for this command

    from resume_worker.api.app import create_app  # noqa: PLC0415
    from resume_worker.composition.config import ConfigurationError, config_problems  # noqa: PLC0415

    settings = load_settings()
    problems = config_problems(settings)
    if problems:
        err.print(f"[red]{ConfigurationError('; '.join(problems))}[/red]")
        raise typer.Exit(2)
    config = uvicorn.Config(
        create_app(settings),
        host=host or settings.api.host,
        port=port or settings.api.port,
        log_config=None,  # our structlog configuration stays in charge
        proxy_headers=False,
        server_header=False,
    )
    uvicorn.Server(config).run()
