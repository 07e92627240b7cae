"""Joining a cohort: pull-request review, the sign-up form (intake), welcomes."""
