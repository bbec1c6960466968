"""``probe``: the integrator's first day — does the station work with this 7S account?

Signs in with the environment's key, walks the station's calls once with a test order and
deletes what it made (``packstation.adapters.sevensenders_probe``); prints a table of every
call and a suggested ``[api_names]`` block where 7S answered with other names.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from packstation.cli.exits import ExitCode
from packstation.cli.output import Output

if TYPE_CHECKING:
    from packstation.adapters.sevensenders_probe import ProbeCall, ProbeReport
    from packstation.settings.model import Settings

#: The commands this module answers.
COMMANDS = frozenset({"probe"})

SUGGESTIONS_FILE = "probe-api-names.toml"


def add_parsers(sub: Any) -> None:
    probe = sub.add_parser(
        "probe",
        help="try every 7S call the station makes once, with a test order, and suggest "
        "api_names where 7S answers differently",
        description="Sign in to a Seven Senders environment, list carriers, create a test "
        "order with a unique id, post in_preparation, buy one label per format the account "
        "allows, download, look up and void it, register a test parcel with its customs data "
        "(with --try-manifest also a manifest for it, sent before, for 7S to refuse), check "
        "customs shipments, the "
        "pick-up point search and a test product with an image where the account has them, "
        "and delete what it made. Prints each call "
        "(method, path, status, the answer's top-level keys; never bodies or secrets) and, "
        "where an answer differs from the names the station expects, a suggested [api_names] "
        f"block for packstation.toml (also written to {SUGGESTIONS_FILE} in the data folder). "
        "Exit 0 when every step worked (suggestions are applied while probing), 4 when 7S "
        "refused the key, 5 when a step failed.",
    )
    probe.add_argument(
        "--environment",
        choices=("uat", "sandbox", "custom"),
        default="uat",
        help="where to probe (default uat; never production: the probe creates test data). "
        "sandbox and custom take the URL from PACKSTATION_API_URL",
    )
    probe.add_argument(
        "--dry-run", action="store_true", help="list the calls the probe would send, send none"
    )
    probe.add_argument(
        "--try-manifest",
        action="store_true",
        help="also send a customs manifest for the test parcel before it has customs data, "
        "once, for 7S to refuse (it checks the manifest's keys; a manifest 7S takes cannot be "
        "taken back, so this is off by default)",
    )
    probe.add_argument("--json", action="store_true", help="machine-readable output")


def run(settings: Settings, args: argparse.Namespace, out: Output) -> ExitCode:
    from packstation.adapters.sevensenders_names import ApiNames, UnknownApiName

    try:
        names = ApiNames.with_overrides(settings.api_names)
    except UnknownApiName as exc:
        return out.fail(f"api_names in the settings: {exc}", ExitCode.CONFIG)
    target = _target(settings, args.environment)
    if isinstance(target, str):
        return out.fail(target, ExitCode.CONFIG)
    base_url, access_key = target
    if args.dry_run:
        return _dry_run(names, base_url, out, try_manifest=args.try_manifest)
    from packstation.adapters.sevensenders_probe import Probe

    probe = Probe(base_url, access_key, settings.api_names, try_manifest=args.try_manifest)
    report = asyncio.run(probe.run())
    return _show(report, settings, out)


def _target(settings: Settings, environment: str) -> tuple[str, str] | str:
    """(base URL, access key), or why there is none."""
    from packstation.adapters.sevensenders import base_url_for
    from packstation.domain.environment import Environment
    from packstation.settings.access_key import get_access_key

    env = Environment(environment)
    key = settings.access_key.get_secret_value() if settings.access_key else None
    if env is Environment.UAT:
        base_url = base_url_for(env, settings.api_url if settings.environment is env else None)
    else:
        if not settings.api_url:
            return f"The {env.value} environment needs its URL in PACKSTATION_API_URL (api_url)."
        base_url = base_url_for(env, settings.api_url)
    if env is Environment.SANDBOX:
        return base_url, key or "test-access-key"
    key = key or get_access_key(env)
    if not key:
        return (
            f"No access key is stored for the {env.value} environment. Run `packstation "
            f"access-key set --environment {env.value}` or set PACKSTATION_ACCESS_KEY."
        )
    return base_url, key


def _dry_run(names: Any, base_url: str, out: Output, *, try_manifest: bool) -> ExitCode:
    from packstation.adapters.sevensenders_probe import planned_calls

    calls = planned_calls(names, try_manifest=try_manifest)
    if out.json:
        out.emit(
            {
                "ok": True,
                "dry_run": True,
                "api_url": base_url,
                "calls": [{"step": c.step, "method": c.method, "path": c.path} for c in calls],
            }
        )
        return ExitCode.OK
    out.line(f"Dry run against {base_url}: nothing is sent. The probe would call:")
    width = max(len(c.step) for c in calls)
    for c in calls:
        out.line(f"  {c.step:<{width}}  {c.method:<6} {c.path}")
    return ExitCode.OK


def _show(report: ProbeReport, settings: Settings, out: Output) -> ExitCode:
    from packstation.adapters.sevensenders_probe import suggestions_toml

    block = suggestions_toml(report.suggestions)
    written: Path | None = None
    if block:
        written = settings.data_dir / SUGGESTIONS_FILE
        written.parent.mkdir(parents=True, exist_ok=True)
        written.write_text(
            "# suggested by `packstation probe` against " + report.base_url + "\n" + block,
            encoding="utf-8",
        )
    code = ExitCode.OK if report.passed else ExitCode.API
    if report.refused_key:
        code = ExitCode.AUTH
    if out.json:
        out.emit(
            {
                "ok": report.passed,
                "exit_code": int(code),
                "api_url": report.base_url,
                "steps": [
                    {"step": s.name, "outcome": s.outcome, "detail": s.detail} for s in report.steps
                ],
                "calls": [_call_json(c) for c in report.calls],
                "suggestions": report.suggestions,
                "suggestions_file": str(written) if written else None,
                "cleanup_problems": report.cleanup_problems,
            }
        )
        return code
    out.line(f"Probe of {report.base_url}")
    out.line()
    _table(report.calls, out)
    out.line()
    for s in report.steps:
        detail = f" — {s.detail}" if s.detail else ""
        out.line(f"  {s.outcome.upper():<8} {s.name}{detail}")
    for problem in report.cleanup_problems:
        out.note(f"Left behind: {problem}")
    out.line()
    if block:
        out.line("7S answered with other names than this station expects. Add to packstation.toml:")
        out.line()
        out.line(block.rstrip("\n"))
        out.line()
        out.line(f"(written to {written})")
    else:
        out.line("No suggestions: every answer matched the names this station uses.")
    return code


def _call_json(c: ProbeCall) -> dict[str, Any]:
    return {
        "step": c.step,
        "method": c.method,
        "path": c.path,
        "status": c.status,
        "keys": list(c.keys),
    }


def _table(calls: list[ProbeCall], out: Output) -> None:
    rows = [
        (c.step, c.method, c.path, "-" if c.status is None else str(c.status), ", ".join(c.keys))
        for c in calls
    ]
    heads = ("step", "method", "path", "status", "top-level keys of the answer")
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(heads)
    ]
    widths[-1] = len(heads[-1])
    out.line("  ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)).rstrip())
    for r in rows:
        out.line("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
