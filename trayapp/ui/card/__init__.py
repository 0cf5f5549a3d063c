"""The reminder card: the promise, the guard's verdict, the script and the actions."""
