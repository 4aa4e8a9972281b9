"""Test-wide settings only; shared helpers live in modules (tests/builds.py, ...)."""

from hypothesis import settings

# A loaded CI machine must not turn a slow first example into a failure.
settings.register_profile("publisher", deadline=None, print_blob=True)
settings.load_profile("publisher")


def _isolated_cache() -> None:
    """Derived data (compiled rules, holiday dates, templates) goes to a folder of the
    test run's own, never the user's cache: every build, subprocesses included, reads it."""
    import atexit
    import os
    import shutil
    import tempfile

    from publisher.derived_cache import ENVIRONMENT

    folder = tempfile.mkdtemp(prefix="publisher-test-cache-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ[ENVIRONMENT] = folder


_isolated_cache()
