"""resume-worker: resume files in, encrypted searchable candidate profiles out."""
