# Every target CI uses is here; .ci/run calls `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.9
UV := .uv/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

SAMPLES := $(wildcard samples/*.pdf samples/*.docx samples/*.hwpx samples/*.txt) samples/ko-markdown.md

# OCR (Tesseract with Korean and English) and DOC conversion (LibreOffice Writer, no GUI).
OCR_DOC_PACKAGES := tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng libreoffice-writer-nogui
SUDO := $(if $(filter 0,$(shell id -u)),,sudo -n)

.PHONY: ocr-doc-tools install demo test lint typecheck imports pytest bench eval samples clean corpus corpus-tools corpus-slice

$(UV):
	$(PYTHON) -m venv .uv || { echo "python3 -m venv failed: apt-get install python3-venv"; exit 1; }
	.uv/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Installs the Debian packages for OCR and DOC when a tool or a language is missing; a no-op
# (no apt-get at all) when they are all there.
ocr-doc-tools:
	@if command -v tesseract >/dev/null && command -v soffice >/dev/null \
	  && [ "$$(tesseract --list-langs 2>/dev/null | grep -cxE 'kor|eng')" = 2 ]; then exit 0; fi; \
	echo "installing $(OCR_DOC_PACKAGES)"; \
	$(SUDO) apt-get -o DPkg::Lock::Timeout=900 update -qq \
	  && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends \
	    $(OCR_DOC_PACKAGES) >/dev/null

install: $(UV)
	$(UV) sync --frozen --quiet --python $(PYTHON)

demo: install
	RESUME_WORKER_LOG_LEVEL=$${RESUME_WORKER_LOG_LEVEL:-warning} $(BIN)/resume-worker process $(SAMPLES)

test: install lint typecheck imports pytest

lint:
	$(BIN)/ruff check src tests benchmarks samples corpus
	$(BIN)/ruff format --check src tests benchmarks samples corpus

typecheck:
	$(BIN)/mypy

imports:
	$(BIN)/lint-imports

# One test process per core (pytest-xdist); the slowest tests are listed at the end.
pytest:
	$(BIN)/pytest -n auto --durations=20

bench: install
	$(BIN)/resume-worker bench

# The dev set and, once `make corpus` has built it, the corpus's train and test splits side by side.
EVAL_SETS = $(wildcard ../shared/eval/dev corpus/out/train corpus/out/test)
eval: install
	$(BIN)/resume-worker eval $(EVAL_SETS)

samples: install
	$(BIN)/python samples/build_samples.py

# The corpus of resumes rendered through real templates (corpus/README.md). Not part of `make test`:
# it installs Debian and npm packages and renders for a while.
CORPUS_APT := chromium fonts-nanum fonts-noto-cjk fonts-liberation2 fonts-crosextra-carlito \
	fonts-crosextra-caladea pandoc libreoffice-writer-nogui \
	texlive-latex-extra texlive-pictures texlive-xetex texlive-fonts-extra texlive-lang-korean \
	fonts-lmodern

corpus-tools:
	@missing=$$(for p in $(CORPUS_APT); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing $$missing"; $(SUDO) apt-get -o DPkg::Lock::Timeout=900 update -qq \
	  && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends \
	    $$missing >/dev/null; fi
	@if [ -f corpus/package-lock.json ]; then cd corpus && npm ci --no-audit --no-fund --silent; fi

corpus: install corpus-tools ocr-doc-tools
	$(UV) sync --frozen --quiet --python $(PYTHON) --group corpus
	$(BIN)/python -m corpus.build

# Refresh the committed slice of the corpus the test suite scores (tests/corpus_slice/, <= 5 MB).
corpus-slice:
	$(BIN)/python -m corpus.slice

clean:
	rm -rf .resume-worker .pytest_cache .mypy_cache .ruff_cache
