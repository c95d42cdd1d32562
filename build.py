"""Build the bundled site: `python build.py [--today 2021-04-16] [--base-url /digest/]`."""

import sys

from digest.cli import run

if __name__ == "__main__":
    run(["build", *sys.argv[1:]])
