"""The parent of a private PostgreSQL server: it stops the server when its own parent dies.

``PrivatePostgres`` (``sandbox/postgres.py``) runs this file (by path, standard library only)
in a session of its own:

    python -I postgres_watchdog.py PARENT_PID RUN_AS POSTGRES_ARGS...

It starts ``postgres`` as its child (as the user ``RUN_AS``, or as itself when that is empty),
its output going where this process's standard error goes (the server log), and writes the
server's pid as one line to standard output. Then it waits: when the server ends (stopped by
``pg_ctl``), so does the watchdog; when the process that started it is gone — killed, even by
SIGKILL, which runs no clean-up — or the watchdog is asked to end (SIGTERM, SIGHUP), it stops
the server with a fast shutdown (SIGINT: connections are ended, nothing is left running),
else after a minute with an immediate one, and ends.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

#: How often the parent's presence is checked, in seconds.
POLL_S = 0.2
#: How long a fast shutdown may take before an immediate one is asked for.
FAST_S = 60.0


def _stop(server: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGINT, FAST_S), (signal.SIGQUIT, 10.0), (signal.SIGKILL, 10.0)):
        try:
            server.send_signal(sig)
            server.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        except ProcessLookupError:
            pass
        return


def main(argv: list[str]) -> int:
    parent, run_as, command = int(argv[0]), argv[1] or None, argv[2:]
    asked_to_end: list[int] = []
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda number, frame: asked_to_end.append(number))
    server = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=2, stderr=2, user=run_as, close_fds=True
    )
    os.write(1, f"{server.pid}\n".encode())
    os.close(1)  # the parent reads this one line
    while True:
        try:
            return server.wait(timeout=POLL_S)
        except subprocess.TimeoutExpired:
            pass
        if os.getppid() != parent or asked_to_end:
            _stop(server)
            return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
