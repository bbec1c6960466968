"""The station's settings: the model and its loading (``model``), where the file, data and logs
live (``paths``), writing the file (``file``), and the access key in the OS keyring
(``access_key``).

Read only by the composition root (``packstation.composition``) and the command line
(``packstation.cli``); import-linter keeps every layer below from importing this package.
"""
