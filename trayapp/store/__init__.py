"""The SQLite adapter: schema, migrations and the ledger repository."""
