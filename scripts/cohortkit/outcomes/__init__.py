"""What programs keep records for (certificates, badges, calendars, metrics): coming next, see docs/architecture.md."""
