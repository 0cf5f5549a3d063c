"""The cadence guard: the facts it judges from, its rules, and the verdict it returns."""
