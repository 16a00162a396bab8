"""``python -m community_standards``: the command line."""

from ._cli import main

raise SystemExit(main())
