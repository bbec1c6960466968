"""The bench window's composition: settings → station → view-models → window, on qasync.

``run.py`` starts it (``run_gui``; ``needs_first_run``); ``ui.py`` builds the window, its
view-models and the wedge filter once for the process; ``app.py`` (``BenchApp``) runs the
window's life: first run, a station opened and reopened when the settings change, ordered
shutdown. ``demo.py`` is the embedded sandbox world (demo mode, its smoke test and printer
fault practice); ``settings_screen.py`` and ``pack_backend.py`` are what the settings and
packing screens run on; ``modes.py`` plugs in the other workflows' modes.
"""
