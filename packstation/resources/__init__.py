"""Station assets shipped with the package: sounds and compiled translations."""
