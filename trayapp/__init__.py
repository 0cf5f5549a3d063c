"""Follow-Through: keep a recruiter's promises and pace their follow-ups."""

__version__ = "0.1.0"
