"""Follow-Through's test suite."""
