"""The command line: ``trayapp COMMAND ...``.

``main`` parses and runs one command; ``commands`` holds the one table of commands (handler,
whether it opens the ledger, whether it changes data); one module per group of commands
(promises, contacts, transfer, backups, encryption, doctor, run); ``output`` the stable JSON
shapes and text lines. Nothing imports this package; it imports every layer below it.
"""
