"""Tests: unit/services."""
