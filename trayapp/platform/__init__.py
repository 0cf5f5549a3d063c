"""Operating-system adapters: paths, secrets, notifications, hotkey, single instance, logs."""
