"""Tests: unit/ledger."""
