"""Tests: the command line end to end."""
