"""The bundle's entry script: the same ``main`` as ``python -m app`` and the pip commands."""

import sys

from app.__main__ import main

sys.exit(main())
