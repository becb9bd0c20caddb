# resume-worker: one image for the worker (default command) and the API (`api`).
# Build: docker build -t resume-worker .   Run: see docker-compose.yml and the README.
FROM python:3.11-slim-bookworm

# OCR (Tesseract, Korean and English). DOC files also need LibreOffice: build with
# --build-arg WITH_LIBREOFFICE=1 (about 400 MB more); without it .doc files end UNSUPPORTED_FORMAT.
ARG WITH_LIBREOFFICE=0
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng \
 && if [ "$WITH_LIBREOFFICE" = 1 ]; then \
      apt-get install -y --no-install-recommends libreoffice-writer-nogui; fi \
 && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir uv==0.13.9
ENV UV_PROJECT_ENVIRONMENT=/opt/venv UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy \
    PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1
WORKDIR /app
# Dependencies first (cached while only the source changes), exactly as locked, no dev group.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY src ./src
RUN uv sync --frozen --no-dev

RUN useradd --system --uid 10001 --home-dir /data resume && mkdir -p /data \
 && chown resume /data
USER resume
ENV RESUME_WORKER_DATA_DIR=/data RESUME_WORKER_LOG_FORMAT=json
ENTRYPOINT ["resume-worker"]
CMD ["worker"]
