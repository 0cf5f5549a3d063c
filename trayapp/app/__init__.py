"""The tray app: the one Qt composition root and what it wires.

``root.run_app`` builds the reminder log, timer, notifier, hotkey, windows and trust flows, wires
their signals in one ordered start-up and stops them in reverse. ``runtime`` sweeps and carries
out the user's actions, ``windows`` creates the windows, ``trust``, ``unlock``, ``encrypt`` and
``restart`` are the flows that keep the ledger safe. Only the command line imports it.
"""
