"""Import and export: CSV readers, per-kind imports, and the dispute-ready export."""
