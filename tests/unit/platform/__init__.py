"""Unit tests of the platform adapters."""
