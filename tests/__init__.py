"""publisher tests; helpers shared between test modules live in modules here."""
