"""``python -m kcscore``: the same command line as ``kcscore``."""

from kcscore.cli import main

main()
