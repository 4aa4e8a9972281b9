"""Lets `python -m publisher` behave exactly like the `publisher` console script."""

import sys

from publisher.cli import main

sys.exit(main())
