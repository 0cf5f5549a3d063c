"""Use cases over the domain, free of Qt and of concrete adapters."""
