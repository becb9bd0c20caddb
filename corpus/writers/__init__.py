"""File-format writers the corpus (and the tests and samples) build documents with: the compound
file and HWP 5.0 records, HWP and HWPX forms, and the interface their form writers share."""
