"""The command line: a thin shell that reads arguments, calls the library and prints.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from .main import main as main
