"""The wall-screen page: the shift view as a small read-only web page (``shift --serve``).

A minimal HTTP/1.1 server on asyncio streams (standard library only): ``GET /`` is the page,
``GET /wall.js`` its script, ``GET /shift.json`` the figures the command keeps fresh (the same
as ``packstation shift --json``), ``GET /health`` a one-line answer for monitoring. The page
asks for ``shift.json`` every few seconds and shows it in the station's language (English or
German); it cannot change anything, and every text from the store is set as text (never as
markup). Only GET and HEAD are answered. A request that ends early is answered 400, one whose
header passes 8 KiB 431, one that does not arrive within 10 s 408; beyond 32 connections at
once a connection is answered 503 at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import UTC, datetime
from typing import Any

log = logging.getLogger(__name__)

#: What the page is told about the figures (``state`` in ``shift.json``), never free text.
NOT_READ, ONLINE, OFFLINE, UNREADABLE = "not_read", "online", "offline", "unreadable"

_MAX_REQUEST = 8192  # a request's header beyond this is answered 431
_TEXT = "text/plain; charset=utf-8"
_REASONS = {
    200: "OK",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    431: "Request Header Fields Too Large",
    503: "Service Unavailable",
}
#: status, content type, body, HEAD (the header only)
_Answer = tuple[int, str, bytes, bool]

PAGE = """<!DOCTYPE html>
<html lang="__LANG__"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__ — packstation</title>
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
<div id="state"></div>
<div id="next-manifest"></div>
<table id="benches"><thead><tr></tr></thead><tbody></tbody></table>
<h2 id="claims-title"></h2>
<ul id="claims"></ul>
<script src="wall.js"></script>
</body></html>
"""

SCRIPT = """'use strict';
const refreshMs = Number(document.body.dataset.refreshMs) || 2000;
let refreshes = 0;
function fmt(template, ...values) {
  return template.replace(/\\{(\\d+)\\}/g, (all, n) => String(values[Number(n)]));
}
function text(id, value) { document.getElementById(id).textContent = value; }
function headers() {
  const row = document.querySelector('#benches thead tr');
  for (const name of WORDS.columns) {
    row.append(Object.assign(document.createElement('th'), {textContent: name}));
  }
  text('claims-title', WORDS.claimed);
  text('summary', WORDS.title);
  text('state', WORDS.waiting);
}
function hhmm(iso) { return iso ? iso.slice(11, 16) : ''; }
function cell(row, value) { row.insertCell().textContent = value === null ? '—' : String(value); }
function showBenches(benches) {
  const body = document.querySelector('#benches tbody');
  body.replaceChildren();
  for (const b of benches) {
    const row = body.insertRow();
    row.className = b.online ? 'online' : 'offline';
    row.dataset.bench = b.bench;
    cell(row, b.bench); cell(row, b.online ? WORDS.online : WORDS.offline);
    cell(row, b.packer || '—');
    cell(row, b.orders_packed); cell(row, b.orders_last_hour); cell(row, b.labels);
    cell(row, b.pack_time_p50_s === null ? null : Math.round(b.pack_time_p50_s) + ' s');
    cell(row, b.outbox_failed ? b.outbox_pending + fmt(WORDS.failed, b.outbox_failed)
                              : b.outbox_pending);
    cell(row, b.held_labels); cell(row, b.customs_pending);
  }
}
function showClaims(claims, idle, more) {
  const list = document.getElementById('claims');
  const idleIds = new Set(idle.map((c) => c.order_id));
  list.replaceChildren();
  if (!claims.length) { list.append(Object.assign(document.createElement('li'),
    {textContent: WORDS.no_claims})); }
  for (const c of claims) {
    const item = document.createElement('li');
    item.dataset.order = c.order_id;
    const who = c.packer ? ' · ' + c.packer : '';
    item.textContent = c.order_id + ': ' + fmt(WORDS.where, c.bench, who, hhmm(c.claimed_at));
    if (idleIds.has(c.order_id)) {
      item.className = 'idle';
      item.textContent = fmt(WORDS.idle, item.textContent);
    }
    list.append(item);
  }
  if (more) {
    list.append(Object.assign(document.createElement('li'),
      {textContent: fmt(WORDS.more, more), className: 'more'}));
  }
}
function showDue(due) {
  const box = document.getElementById('next-manifest');
  box.className = due && due.overdue && due.customs_shipments ? 'overdue' : '';
  if (!due) { box.textContent = WORDS.no_due; return; }
  let line = fmt(WORDS.due, due.pickup.slice(0, 10) + ' ' + hhmm(due.pickup),
    due.customs_shipments);
  if (due.benches.length) { line += ' (' + due.benches.join(', ') + ')'; }
  if (due.overdue && due.customs_shipments) { line += WORDS.overdue; }
  if (due.being_posted) { line += '; ' + due.being_posted; }
  box.textContent = line;
}
function show(data) {
  const state = document.getElementById('state');
  state.className = data.online || data.state === 'not_read' ? '' : 'offline';
  const since = hhmm(data.offline_since) + ' UTC';
  const why = data.state === 'unreadable' ? WORDS.unreadable : WORDS.store_down;
  if (!data.figures) {
    text('summary', WORDS.title);
    state.textContent = data.state === 'not_read' ? WORDS.waiting
      : fmt(why, since) + ' ' + WORDS.no_figures;
    return;
  }
  const f = data.figures;
  text('summary', fmt(WORDS.summary, f.orders_packed, f.orders_last_hour, f.benches_online,
    f.benches.length));
  document.body.dataset.ordersPacked = f.orders_packed;
  showBenches(f.benches);
  showClaims(f.claims, f.idle_claims, f.claims_more);
  showDue(f.next_manifest_due);
  const at = data.read_at.slice(11, 19) + ' UTC';
  state.textContent = data.online ? fmt(WORDS.as_of, at)
    : fmt(why, since) + ' ' + fmt(WORDS.figures_from, at);
}
async function refresh() {
  try {
    const answer = await fetch('shift.json', {cache: 'no-store'});
    show(await answer.json());
  } catch (error) {
    const state = document.getElementById('state');
    state.className = 'offline';
    state.textContent = WORDS.server_down;
  }
  refreshes += 1;
  document.body.dataset.refreshes = String(refreshes);
  setTimeout(refresh, refreshMs);
}
headers();
refresh();
"""

#: The page's words (the window's translations where it has the same text).
WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "title": "Shift",
        "waiting": "Waiting for the first figures…",
        "columns": [
            "Bench",
            "State",
            "Packer",
            "Packed",
            "Last hour",
            "Labels",
            "Pack time",
            "Outbox",
            "Held labels",
            "Customs pending",
        ],
        "claimed": "Orders claimed at a bench",
        "online": "online",
        "offline": "OFFLINE",
        "failed": " / {0} failed",
        "no_claims": "No bench holds an order.",
        "more": "+{0} more",
        "where": "{0}{1} · since {2}",
        "idle": "IDLE {0} — claimed, nothing done with it lately",
        "no_due": "Next manifest due: none (no pick-up times, no customs shipment waits)",
        "due": "Next manifest due: pick-up {0}, {1} customs shipment(s)",
        "overdue": " — OVERDUE: the pick-up time has passed",
        "summary": "{0} orders packed this shift, {1} in the last hour; {2} of {3} benches online",
        "as_of": "As of {0}; refreshed by itself",
        "store_down": "The warehouse store does not answer (since {0}).",
        "unreadable": "The figures could not be read (since {0}); the server's log says why.",
        "figures_from": "The figures are from {0}.",
        "no_figures": "No figures yet.",
        "server_down": "The wall-screen server does not answer; trying again.",
    },
    "de": {
        "title": "Schicht",
        "waiting": "Warte auf die ersten Zahlen …",
        "columns": [
            "Packplatz",
            "Status",
            "Packer",
            "Gepackt",
            "Letzte Stunde",
            "Labels",
            "Packzeit",
            "Ausgang",
            "Wartende Labels",
            "Zoll offen",
        ],
        "claimed": "Aufträge in Arbeit an einem Packplatz",
        "online": "verbunden",
        "offline": "OFFLINE",
        "failed": " / {0} fehlgeschlagen",
        "no_claims": "Kein Packplatz hat einen Auftrag in Arbeit.",
        "more": "+{0} weitere",
        "where": "{0}{1} · seit {2}",
        "idle": "RUHT {0} — in Arbeit, aber zuletzt nichts damit getan",
        "no_due": "Nächstes Manifest fällig: keines (keine Abholzeiten, keine Zollsendung wartet)",
        "due": "Nächstes Manifest fällig: Abholung {0}, {1} Zollsendung(en)",
        "overdue": " — ÜBERFÄLLIG: die Abholzeit ist vorbei",
        "summary": "{0} Aufträge in dieser Schicht gepackt, {1} in der letzten Stunde; {2} von "
        "{3} Packplätzen verbunden",
        "as_of": "Stand {0}; aktualisiert sich selbst",
        "store_down": "Die Lager-Datenbank antwortet nicht (seit {0}).",
        "unreadable": "Die Zahlen konnten nicht gelesen werden (seit {0}); Grund im Protokoll "
        "des Servers.",
        "figures_from": "Die Zahlen sind von {0}.",
        "no_figures": "Noch keine Zahlen.",
        "server_down": "Der Server der Wandanzeige antwortet nicht; neuer Versuch läuft.",
    },
}


class WallScreen:
    """The page's server (see the module). ``publish`` hands it the latest figures."""

    def __init__(
        self,
        *,
        refresh_s: float = 2.0,
        language: str = "en",
        request_timeout_s: float = 10.0,
        max_connections: int = 32,
    ) -> None:
        """``language``: ``en`` or ``de`` (the window's setting); anything else is English.
        A request must arrive within ``request_timeout_s`` (else 408); beyond
        ``max_connections`` at once a connection is answered 503."""
        self.refresh_s = max(1.0, refresh_s)
        self.language = language if language in WORDS else "en"
        self.requests = 0  # answered requests for the figures (tests, monitoring)
        self._figures: dict[str, Any] | None = None
        self._online = False
        self._state = NOT_READ
        self._offline_since: datetime | None = None
        self._read_at: datetime | None = None
        self._server: asyncio.Server | None = None
        self.request_timeout_s = request_timeout_s
        self._slots = asyncio.Semaphore(max(1, max_connections))

    def publish(self, figures: dict[str, Any] | None, state: str = OFFLINE) -> None:
        """New figures (as ``shift --json``); None: they could not be read (``state``: OFFLINE,
        the store does not answer, or UNREADABLE), the last stay. The page gets the state, never
        the reason's text (hosts, roles, the driver's words stay in the log)."""
        self._online = figures is not None
        if figures is not None:
            self._state, self._offline_since = ONLINE, None
            self._figures = figures
            self._read_at = datetime.now(UTC)
            return
        if self._offline_since is None:
            self._offline_since = datetime.now(UTC)
        self._state = state if state in (OFFLINE, UNREADABLE) else OFFLINE

    def snapshot(self) -> dict[str, Any]:
        return {
            "online": self._online,
            "state": self._state,
            "offline_since": self._offline_since.isoformat() if self._offline_since else None,
            "read_at": (self._read_at or datetime.now(UTC)).isoformat(),
            "figures": self._figures,
        }

    async def start(self, host: str, port: int) -> tuple[str, int]:
        """Listen on ``host:port`` (0: a free port); the address it listens on."""
        self._server = await asyncio.start_server(self._handle, host, port, limit=_MAX_REQUEST)
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
            if self._slots.locked():  # bounded: a flood of connections waits for no one
                await _reply(writer, reader, 503, _TEXT, b"too many connections, try again\n")
                return
            async with self._slots:
                answer = await self._read(reader)
                if answer is not None:
                    await _reply(writer, reader, *answer)
        except Exception:  # never asyncio's "Unhandled exception in client_connected_cb"
            log.exception("the wall screen could not answer a request")
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _read(self, reader: asyncio.StreamReader) -> _Answer | None:
        """The answer to the request on ``reader``; None: nothing came."""
        try:
            async with asyncio.timeout(self.request_timeout_s):
                head = await reader.readuntil(b"\r\n\r\n")
        except TimeoutError:
            return 408, _TEXT, b"the request did not arrive in time\n", False
        except asyncio.LimitOverrunError:
            return 431, _TEXT, b"the request's header is too large\n", False
        except asyncio.IncompleteReadError as exc:
            if not exc.partial:
                return None  # connected and left without a word
            return 400, _TEXT, b"bad request: it ended early\n", False
        except ConnectionError:
            return None
        return (*self._answer(head), _is_head(head))

    def _answer(self, head: bytes) -> tuple[int, str, bytes]:
        if len(head) > _MAX_REQUEST:
            return 431, _TEXT, b"the request's header is too large\n"
        parts = head.split(b"\r\n", 1)[0].decode("latin-1").split()
        if len(parts) != 3:
            return 400, "text/plain; charset=utf-8", b"bad request\n"
        method, target = parts[0], parts[1].split("?", 1)[0]
        if method not in ("GET", "HEAD"):
            return 405, "text/plain; charset=utf-8", b"this page is read-only\n"
        if target in ("/", "/index.html"):
            page = (
                PAGE.replace("__REFRESH_MS__", str(int(self.refresh_s * 1000)))
                .replace("__LANG__", self.language)
                .replace("__TITLE__", str(WORDS[self.language]["title"]))
            )
            return 200, "text/html; charset=utf-8", page.encode()
        if target == "/wall.js":
            words = json.dumps(WORDS[self.language], ensure_ascii=False)
            script = f"const WORDS = {words};\n" + SCRIPT
            return 200, "text/javascript; charset=utf-8", script.encode()
        if target == "/shift.json":
            self.requests += 1
            return 200, "application/json", json.dumps(self.snapshot()).encode()
        if target == "/health":
            word = b"ok\n" if self._online else b"store offline\n"
            return 200, "text/plain; charset=utf-8", word
        return 404, "text/plain; charset=utf-8", b"not found\n"


async def _reply(
    writer: asyncio.StreamWriter,
    reader: asyncio.StreamReader,
    status: int,
    kind: str,
    body: bytes,
    head_only: bool = False,
) -> None:
    """Send the answer, then read away what the client still sends (a little, briefly): closing
    on unread input would reset the connection and the client might never see the answer."""
    try:
        writer.write(_response(status, kind, body, head_only=head_only))
        await writer.drain()
        if status >= 400 and writer.can_write_eof():
            writer.write_eof()
            async with asyncio.timeout(1.0):
                for _ in range(64):
                    if not await reader.read(65536):
                        break
    except (ConnectionError, TimeoutError, asyncio.LimitOverrunError):
        pass


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
