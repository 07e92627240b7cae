"""What a program's data means: its one calendar, who is eligible, who owns which file, where each page lives."""
