"""Files to model: reading YAML and git trees as untrusted input, schemas and their advice, locating problems, the immutable model."""
