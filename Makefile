# Every target CI uses is here; .ci/run calls `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.9
UV := .uv/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

SAMPLES := $(wildcard samples/*.pdf samples/*.docx samples/*.hwpx samples/*.txt) samples/ko-markdown.md

.PHONY: install demo test lint typecheck imports pytest bench eval samples clean

$(UV):
	$(PYTHON) -m venv .uv || { echo "python3 -m venv failed: apt-get install python3-venv"; exit 1; }
	.uv/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --frozen --quiet --python $(PYTHON)

demo: install
	RESUME_WORKER_LOG_LEVEL=$${RESUME_WORKER_LOG_LEVEL:-warning} $(BIN)/resume-worker process $(SAMPLES)

test: install lint typecheck imports pytest

lint:
	$(BIN)/ruff check src tests benchmarks samples
	$(BIN)/ruff format --check src tests benchmarks samples

typecheck:
	$(BIN)/mypy

imports:
	$(BIN)/lint-imports

pytest:
	$(BIN)/pytest

bench: install
	$(BIN)/resume-worker bench

eval: install
	$(BIN)/resume-worker eval ../shared/eval/dev

samples: install
	$(BIN)/python samples/build_samples.py

clean:
	rm -rf .resume-worker .pytest_cache .mypy_cache .ruff_cache
