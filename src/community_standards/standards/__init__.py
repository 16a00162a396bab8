"""Standards bundled with community_standards (TOML files, read with importlib.resources)."""
