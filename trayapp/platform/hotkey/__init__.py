"""The global quick-add hotkey: the chord, and one module per way of listening for it."""
