"""Matching: propose cohorts for the people waiting for one, exactly, with the reasons (`cohortkit match`)."""
