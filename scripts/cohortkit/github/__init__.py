"""GitHub's REST API made safe to use: the client, its budget, conditional requests, markers, writers, labels, issue text. Nothing program-specific."""
