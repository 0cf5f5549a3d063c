"""Quick add: one typed line read into a draft promise, touch or check, with no I/O."""
