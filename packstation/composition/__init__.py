"""The composition root: settings → adapters → services → view-models → windows.

The only package (with the command line, ``packstation.cli``) that builds concrete adapters
and that may start the embedded sandbox. Headless: ``connection`` (where 7S is, the access
key, the 7S client), ``station`` (``open_station``: the packing station), ``workflows``
(``open_workflows``: PUDO, returns, catalog, order intake), ``facts`` (``packstation about``),
``logging_setup``. The window: ``bench/`` (Qt, on one qasync loop).
"""
