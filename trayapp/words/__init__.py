"""Plain words for what ``core`` returns as data: verdicts, reasons, instants, notices.

Shared by the command line and the windows so that a verdict or a reminder reads the same
everywhere. Qt-free; imports ``services`` and ``core`` only. Scripts are not here: their words
are the product and live in ``resources/``.
"""
