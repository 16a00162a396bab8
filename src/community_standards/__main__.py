"""``python -m community_standards``: the command line."""

from .cli import main

raise SystemExit(main())
