"""The main window and its tabs: promises, contacts, missed reminders, scripts, settings."""
