"""An example plugin shipping a fictional safe community (平安社区) rating scheme.

Installing this package makes ``example-safe-community@2024`` available to every
:class:`community_standards.Registry` through the ``community_standards.standards``
entry point.
"""

__all__: list[str] = []
