"""The ``packstation`` command line (``main.main`` is the console script).

``main.py`` builds the parser and hands each command to its module: ``launch`` (demo, gui,
sandbox), ``packing`` (pack, resume, reprint, void; ``cycle_report`` shows a cycle),
``journal``, ``workflows`` (pudo, return(s), catalog, orders, stats: ``pudo``, ``returns``,
``intake``), ``customs`` (customs, manifest) and ``admin`` (carriers, access-key, about).
Shared once: ``output`` (plain or ``--json``), ``exits`` (the exit codes) and ``guard`` (the
7S connection check and the exception → exit-code ladder).
"""
