"""The ledger file's life, Qt-free: open, unlock, encrypt, check on opening, back up.

The single door both front ends (``cli`` and ``app``) go through to reach their data: it builds
the folders, settings, key, checked store and the use cases' context from the adapters. It
imports the adapters (store, platform) and the layers below ``words``; it never imports Qt.
"""
