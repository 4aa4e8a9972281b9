"""Test-wide settings only; shared helpers live in modules (tests/builds.py, ...)."""

from hypothesis import settings

# A loaded CI machine must not turn a slow first example into a failure.
settings.register_profile("publisher", deadline=None, print_blob=True)
settings.load_profile("publisher")
