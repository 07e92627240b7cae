"""The cross-file rules and the one validation pipeline that `cohortkit validate` and the site both run."""
