"""The HTTP API: a thin FastAPI entry point over accept_job, the job queue and the stored data."""
