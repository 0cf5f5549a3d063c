"""The command line: ``trayapp COMMAND ...``.

``main`` parses and runs one command and turns errors into exit codes; ``commands`` holds the
one table of commands (handler, help, arguments, whether it opens the ledger, whether it changes
data) and ``dispatch``; ``parser`` builds the parser from that table and ``options`` declares
each command's arguments. One module per group of commands: ``promises``, ``touches`` (touch,
check), ``quick`` (add, script), ``contacts``, ``transfer`` (import, export), ``backups``,
``encryption``, ``doctor`` and ``run``; ``output`` the stable JSON shapes and text lines.
Nothing imports this package; it imports every layer below it.
"""
