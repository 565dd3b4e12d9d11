"""Capture, consent, encrypted storage, deletion, and the `balint` command that composes everything."""
