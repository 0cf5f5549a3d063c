"""Durability tests: the ledger under crashes and kill -9."""
