"""The pipeline stages, one module (or package) per stage, each with one public verb."""
