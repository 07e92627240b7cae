"""Reviewing a pull request: what its change means, who may make it, and the verdict posted back."""
