"""Suggested scripts: which situation fits, the templates and the values that fill them."""
