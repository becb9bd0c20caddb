"""BlobStores: a local folder (file://) or S3-compatible storage (s3://)."""
