"""Benchmarks: timings of the ledger on synthetic data, run by hand (never by the test suite)."""
