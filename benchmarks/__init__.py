"""Benchmarks for cohortkit; `synthetic` generates valid data trees."""
