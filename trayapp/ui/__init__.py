"""PySide6 widgets: tray, quick add, reminder card, main window, settings."""
