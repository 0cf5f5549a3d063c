"""Fuzz and property tests over every input a person or a file can reach."""
