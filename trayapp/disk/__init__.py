"""Durable files, Qt-free and dependency-free: the one way the app gives a file its name.

Every file the app writes (the ledger's backups and copies, the key file, the settings file,
the note of notices shown) reaches its name through :mod:`trayapp.disk.atomic`: written in full
under a temporary name, flushed, renamed, and the rename made durable. The adapters (``store``,
``platform``) and the front ends use it; it imports nothing of the app but ``core``.
"""
