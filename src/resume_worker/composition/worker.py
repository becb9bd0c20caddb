"""The worker part of the composition root: each worker thread's own services, built on the
thread's event loop when it starts and closed on that loop when it stops, over the part its
process builds once (composition.shared); and the start-up check a worker process makes once."""

from __future__ import annotations

import threading
from contextlib import AsyncExitStack, ExitStack

from resume_worker.composition.pipeline import build_services
from resume_worker.composition.shared import SharedServices
from resume_worker.composition.webhooks import seal_stored_webhook_urls
from resume_worker.event_loop import loop_scope, run_async
from resume_worker.pipeline import Services
from resume_worker.settings import Settings


class _ThreadState(threading.local):
    def __init__(self) -> None:
        self.scope: ExitStack | None = None
        self.clients: AsyncExitStack | None = None
        self.services: Services | None = None


class ThreadServices:
    """The Services of the calling thread: database engines and HTTP clients belong to the
    event loop they were made on, so each worker thread opens one loop scope for its whole life
    and builds its services on it once (the process migrated the database before)."""

    def __init__(self, settings: Settings, shared: SharedServices) -> None:
        self.settings = settings
        self.shared = shared
        self._state = _ThreadState()

    def get(self) -> Services:
        """This thread's services, built on its first call."""
        state = self._state
        if state.services is None:
            with ExitStack() as scope:
                scope.enter_context(loop_scope())
                clients = AsyncExitStack()
                state.services = run_async(
                    clients.enter_async_context(
                        build_services(self.settings, migrate=False, shared=self.shared)
                    )
                )
                state.scope, state.clients = scope.pop_all(), clients
        return state.services

    def close(self) -> None:
        """Close this thread's services on its loop, then the loop."""
        state = self._state
        if state.clients is not None and state.scope is not None:
            run_async(state.clients.aclose())
            state.scope.close()
        state.scope = state.clients = state.services = None


def check_ready(settings: Settings, shared: SharedServices) -> None:
    """Once per start, before any thread: validate the settings, migrate the database (raises
    ConfigurationError with every problem), then encrypt the webhook URLs an older version
    stored in plaintext (a migration has no keys to do it)."""

    async def probe() -> None:
        async with build_services(settings, shared=shared) as services:
            await seal_stored_webhook_urls(settings, services.keyring)

    run_async(probe())
