"""The APScheduler adapter: an in-memory wake-up timer rebuilt from the ledger."""
