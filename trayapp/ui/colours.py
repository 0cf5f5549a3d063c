"""The colours that carry meaning everywhere in the app: green for fine, amber for caution, red
for stop or late, and a muted grey for what is secondary."""

from __future__ import annotations

GREEN = "#2e7d32"
AMBER = "#b26a00"
RED = "#c62828"
MUTED = "#5f6368"
