"""The wall-screen page: the shift view as a small read-only web page (``shift --serve``).

A minimal HTTP/1.1 server on asyncio streams (standard library only): ``GET /`` is the page,
``GET /wall.js`` its script, ``GET /shift.json`` the figures the command keeps fresh (the same
as ``packstation shift --json``), ``GET /health`` a one-line answer for monitoring. The page
asks for ``shift.json`` every few seconds and shows it; it cannot change anything, and every
text from the store is set as text (never as markup). Only GET and HEAD are answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import UTC, datetime
from typing import Any

log = logging.getLogger(__name__)

_MAX_REQUEST = 8192
_REASONS = {200: "OK", 404: "Not Found", 405: "Method Not Allowed", 400: "Bad Request"}

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shift — packstation</title>
<style>
body { background: #101418; color: #e8eef2; font: 22px/1.35 "DejaVu Sans", sans-serif;
       margin: 24px 32px; }
h1 { font-size: 34px; margin: 0 0 12px; }
#state { color: #9fb3c0; } #state.offline { color: #ff8a80; font-weight: bold; }
#next-manifest { font-size: 26px; margin: 12px 0; } .overdue { color: #ff8a80; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 12px 0; }
th, td { text-align: left; padding: 6px 12px; border-bottom: 1px solid #2a343c; }
th { color: #9fb3c0; font-weight: normal; } tr.offline td { color: #ff8a80; }
ul { padding-left: 24px; } li.idle { color: #ffb74d; font-weight: bold; }
</style></head>
<body data-refresh-ms="__REFRESH_MS__" data-refreshes="0">
<h1 id="summary">…</h1>
<div id="state">Waiting for the first figures…</div>
<div id="next-manifest"></div>
<table id="benches"><thead><tr><th>Bench</th><th>State</th><th>Packer</th><th>Packed</th>
<th>Last hour</th><th>Labels</th><th>Pack time</th><th>Outbox</th><th>Held labels</th>
<th>Customs pending</th></tr></thead><tbody></tbody></table>
<h2>Orders claimed at a bench</h2>
<ul id="claims"></ul>
<script src="wall.js"></script>
</body></html>
"""

SCRIPT = """'use strict';
const refreshMs = Number(document.body.dataset.refreshMs) || 5000;
let refreshes = 0;
function text(id, value) { document.getElementById(id).textContent = value; }
function hhmm(iso) { return iso ? iso.slice(11, 16) : ''; }
function cell(row, value) { row.insertCell().textContent = value === null ? '—' : String(value); }
function showBenches(benches) {
  const body = document.querySelector('#benches tbody');
  body.replaceChildren();
  for (const b of benches) {
    const row = body.insertRow();
    row.className = b.online ? 'online' : 'offline';
    row.dataset.bench = b.bench;
    cell(row, b.bench); cell(row, b.online ? 'online' : 'OFFLINE'); cell(row, b.packer || '—');
    cell(row, b.orders_packed); cell(row, b.orders_last_hour); cell(row, b.labels);
    cell(row, b.pack_time_p50_s === null ? null : Math.round(b.pack_time_p50_s) + ' s');
    cell(row, b.outbox_failed ? b.outbox_pending + ' / ' + b.outbox_failed + ' failed'
                              : b.outbox_pending);
    cell(row, b.held_labels); cell(row, b.customs_pending);
  }
}
function showClaims(claims, idle) {
  const list = document.getElementById('claims');
  const idleIds = new Set(idle.map((c) => c.order_id));
  list.replaceChildren();
  if (!claims.length) { list.append(Object.assign(document.createElement('li'),
    {textContent: 'No bench holds an order.'})); }
  for (const c of claims) {
    const item = document.createElement('li');
    item.dataset.order = c.order_id;
    const who = c.packer ? ' · ' + c.packer : '';
    item.textContent = c.order_id + ': ' + c.bench + who + ' · since ' + hhmm(c.claimed_at);
    if (idleIds.has(c.order_id)) {
      item.className = 'idle';
      item.textContent = 'IDLE ' + item.textContent + ' — claimed, nothing done with it lately';
    }
    list.append(item);
  }
}
function showDue(due) {
  const box = document.getElementById('next-manifest');
  box.className = due && due.overdue && due.customs_shipments ? 'overdue' : '';
  if (!due) { box.textContent = 'Next manifest due: none'; return; }
  let line = 'Next manifest due: pick-up ' + due.pickup.slice(0, 10) + ' ' + hhmm(due.pickup) +
    ', ' + due.customs_shipments + ' customs shipment(s)';
  if (due.benches.length) { line += ' (' + due.benches.join(', ') + ')'; }
  if (due.overdue && due.customs_shipments) { line += ' — OVERDUE'; }
  if (due.being_posted) { line += '; ' + due.being_posted; }
  box.textContent = line;
}
function show(data) {
  const state = document.getElementById('state');
  state.className = data.online ? '' : 'offline';
  if (!data.figures) {
    text('summary', 'Shift');
    state.textContent = data.problem || 'No figures yet';
    return;
  }
  const f = data.figures;
  text('summary', f.orders_packed + ' orders packed this shift, ' + f.orders_last_hour +
    ' in the last hour; ' + f.benches_online + ' of ' + f.benches.length + ' benches online');
  document.body.dataset.ordersPacked = f.orders_packed;
  showBenches(f.benches);
  showClaims(f.claims, f.idle_claims);
  showDue(f.next_manifest_due);
  const as = 'As of ' + data.read_at.slice(11, 19) + ' UTC';
  state.textContent = data.online ? as + '; refreshed by itself'
    : 'The warehouse store does not answer (' + data.problem + '). The figures are from ' +
      data.read_at.slice(11, 19) + ' UTC.';
}
async function refresh() {
  try {
    const answer = await fetch('shift.json', {cache: 'no-store'});
    show(await answer.json());
  } catch (error) {
    const state = document.getElementById('state');
    state.className = 'offline';
    state.textContent = 'The wall-screen server does not answer; trying again.';
  }
  refreshes += 1;
  document.body.dataset.refreshes = String(refreshes);
  setTimeout(refresh, refreshMs);
}
refresh();
"""


class WallScreen:
    """The page's server (see the module). ``publish`` hands it the latest figures."""

    def __init__(self, *, refresh_s: float = 5.0) -> None:
        self.refresh_s = max(1.0, refresh_s)
        self.requests = 0  # answered requests for the figures (tests, monitoring)
        self._figures: dict[str, Any] | None = None
        self._online = False
        self._problem = "No figures read yet."
        self._read_at: datetime | None = None
        self._server: asyncio.Server | None = None

    def publish(self, figures: dict[str, Any] | None, problem: str = "") -> None:
        """New figures (as ``shift --json``); None: the store did not answer, the last stay."""
        self._online = figures is not None
        self._problem = problem
        if figures is not None:
            self._figures = figures
            self._read_at = datetime.now(UTC)

    def snapshot(self) -> dict[str, Any]:
        return {
            "online": self._online,
            "problem": self._problem,
            "read_at": (self._read_at or datetime.now(UTC)).isoformat(),
            "figures": self._figures,
        }

    async def start(self, host: str, port: int) -> tuple[str, int]:
        """Listen on ``host:port`` (0: a free port); the address it listens on."""
        self._server = await asyncio.start_server(self._handle, host, port)
        bound = self._server.sockets[0].getsockname()
        return str(bound[0]), int(bound[1])

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            async with asyncio.timeout(10):
                head = await reader.readuntil(b"\r\n\r\n")
            status, kind, body = self._answer(head)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            status, kind, body = 400, "text/plain; charset=utf-8", b"bad request\n"
        except ConnectionError:
            writer.close()
            return
        try:
            writer.write(_response(status, kind, body, head_only=_is_head(head)))
            await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    def _answer(self, head: bytes) -> tuple[int, str, bytes]:
        if len(head) > _MAX_REQUEST:
            return 400, "text/plain; charset=utf-8", b"bad request\n"
        parts = head.split(b"\r\n", 1)[0].decode("latin-1").split()
        if len(parts) != 3:
            return 400, "text/plain; charset=utf-8", b"bad request\n"
        method, target = parts[0], parts[1].split("?", 1)[0]
        if method not in ("GET", "HEAD"):
            return 405, "text/plain; charset=utf-8", b"this page is read-only\n"
        if target in ("/", "/index.html"):
            page = PAGE.replace("__REFRESH_MS__", str(int(self.refresh_s * 1000)))
            return 200, "text/html; charset=utf-8", page.encode()
        if target == "/wall.js":
            return 200, "text/javascript; charset=utf-8", SCRIPT.encode()
        if target == "/shift.json":
            self.requests += 1
            return 200, "application/json", json.dumps(self.snapshot()).encode()
        if target == "/health":
            word = b"ok\n" if self._online else b"store offline\n"
            return 200, "text/plain; charset=utf-8", word
        return 404, "text/plain; charset=utf-8", b"not found\n"


def _is_head(head: bytes) -> bool:
    return head.startswith(b"HEAD ")


def _response(status: int, kind: str, body: bytes, *, head_only: bool = False) -> bytes:
    lines = [
        f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}",
        f"Content-Type: {kind}",
        f"Content-Length: {len(body)}",
        "Cache-Control: no-store",
        "X-Content-Type-Options: nosniff",
        "Content-Security-Policy: default-src 'self'; style-src 'self' 'unsafe-inline'",
        "Connection: close",
        "",
        "",
    ]
    return "\r\n".join(lines).encode("latin-1") + (b"" if head_only else body)
