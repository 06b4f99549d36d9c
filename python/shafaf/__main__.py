"""``python -m shafaf``: the same as the ``shafaf`` command."""

import sys

from shafaf.cli import main

if __name__ == "__main__":
    sys.exit(main())
