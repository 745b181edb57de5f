"""Exports and citations from the window."""
