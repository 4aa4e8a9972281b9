"""publisher: Markdown briefs in, a send-ready email newsletter bundle out."""

__version__ = "0.1.0"
