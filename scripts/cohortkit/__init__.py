"""cohortkit: a mentoring program run as a Git repository."""

__version__ = "0.1.0"
