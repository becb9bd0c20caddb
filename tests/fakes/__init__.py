"""In-memory fakes of the ports, one module per port family (as src/resume_worker/core/ports),
for fast unit tests; tests/contracts/ proves each behaves like its real adapters."""
