"""Entry point for ``python -m handouts``."""

from handouts.entry import main

main()
