"""The standard files of the example plugin (``*.toml``, read as package data)."""

__all__: list[str] = []
