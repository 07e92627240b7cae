"""Check-ins: opening them on time, tracking issues, progress read back, program health."""
