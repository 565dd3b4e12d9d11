"""Views that only read a SessionAnalysis: session.json, report.html, the terminal summary."""
