"""The bundle's entry script: the same ``main`` as ``python -m app`` and the pip commands.

``freeze_support`` first: the index build and large imports start "spawn" worker processes,
which in a bundle re-run this executable and must become workers, not a second window.
"""

import multiprocessing
import sys

from app.__main__ import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
