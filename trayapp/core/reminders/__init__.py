"""The reminder plan: which reminders a promise gets and when, in the user's local time."""
