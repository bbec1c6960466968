"""``pudo``: pick-up points — search, choose one for an order, show, forget."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from packstation.cli.exits import ExitCode
from packstation.cli.output import Output

if TYPE_CHECKING:
    from packstation.composition.workflows import Workflows
    from packstation.services.pudo import PudoPoint


async def run(wf: Workflows, args: argparse.Namespace, out: Output) -> ExitCode:
    action = args.pudo_action
    if action == "search":
        return await _search(wf, args, out)
    if action == "choose":
        return await _choose(wf, args, out)
    if action == "forget":
        return await _forget(wf, args)
    return await _show(wf, args, out)


async def _search(wf: Workflows, args: argparse.Namespace, out: Output) -> ExitCode:
    from packstation.services.pudo import PudoQuery, PudoQueryError

    if (args.lat is None) != (args.lon is None):
        return out.fail("Give --lat and --lon together.", ExitCode.USAGE)
    query = PudoQuery(
        country=args.country,
        carriers=tuple(args.carrier),
        latitude=args.lat,
        longitude=args.lon,
        zip=args.zip,
        city=args.city,
        street=args.street,
        all_points=bool(args.all),
        max_distance_m=args.max_distance,
        max_results=args.max_results,
        opening_days=args.opening_days,
    )
    try:
        result = await wf.pudo.search(query)
    except PudoQueryError as exc:
        return out.fail(str(exc), ExitCode.USAGE)
    code = ExitCode.OK if result.found else ExitCode.NOT_FOUND
    if out.json:
        out.emit(
            {
                "ok": code == ExitCode.OK,
                "exit_code": code,
                "mode": query.mode.value,
                "message": result.message,
                "problem": result.problem or "",
                "origin": list(result.origin) if result.origin else None,
                "points": [_point_json(p) for p in result.points],
            }
        )
    elif not result.found:
        print(result.message, file=sys.stderr)
    else:
        print(result.message)
        for p in result.points:
            loc = p.location
            state = "open" if p.today.open_today else p.today.closed_reason
            print(
                f"  {loc.location_id:<10} {p.distance:>8}  {loc.name} ({loc.carrier_name}, "
                f"{loc.location_type.lower() or 'point'})"
            )
            print(f"  {'':<10} {'':>8}  {', '.join(p.address)}")
            sizes = ",".join(loc.parcel_sizes) or "-"
            print(f"  {'':<10} {'':>8}  today: {p.today.hours} ({state}); sizes {sizes}")
            for warning in p.today.warnings:
                print(f"  {'':<10} {'':>8}  ! {warning}")
    return code


async def _choose(wf: Workflows, args: argparse.Namespace, out: Output) -> ExitCode:
    from packstation.services.pudo import PudoChoiceRefused, PudoRefusal

    try:
        choice = await wf.pudo.choose_by_id(
            args.order, args.location_id, carrier=args.carrier, country=args.country
        )
    except PudoChoiceRefused as exc:
        code = ExitCode.REFUSED if exc.reason is PudoRefusal.WRONG_CARRIER else ExitCode.NOT_FOUND
        return out.fail(exc.message, code, order_id=args.order)
    loc = choice.location
    from packstation.domain.pudo import point_today

    today = point_today(loc, date.today())
    if out.json:
        out.emit(
            {
                "ok": True,
                "exit_code": ExitCode.OK,
                "order_id": choice.order_id,
                "location_id": loc.location_id,
                "carrier": loc.carrier_name,
                "name": loc.name,
                "address": [loc.address_line, f"{loc.zip} {loc.city}", loc.country],
                "hours_today": today.hours,
                "open_today": today.open_today,
                "warnings": list(today.warnings),
            }
        )
    else:
        print(
            f"Order {choice.order_id}: pick-up point {loc.location_id} {loc.name} "
            f"({loc.carrier_name}), {loc.address_line}, {loc.zip} {loc.city}. The label "
            "names it."
        )
        for warning in today.warnings:
            print(f"  ! {warning}")
    return ExitCode.OK


async def _forget(wf: Workflows, args: argparse.Namespace) -> ExitCode:
    dropped = await wf.pudo.forget(args.order)
    print(
        f"Order {args.order}: the station's pick-up point is dropped."
        if dropped
        else f"Order {args.order} had no pick-up point chosen at the station."
    )
    return ExitCode.OK


async def _show(wf: Workflows, args: argparse.Namespace, out: Output) -> ExitCode:
    order = None
    if wf.orders is not None:
        from packstation.domain.orders import OrderSourceError

        try:
            order = await wf.orders.get_order(args.order)
        except OrderSourceError:
            order = None
    if order is None:
        cycle = await wf.journal.latest_cycle(args.order)
        order = cycle.order if cycle else None
    if order is None:
        return out.fail(
            f"Order {args.order} is not in the merchant's order data.", ExitCode.NOT_FOUND
        )
    view = await wf.pudo.describe_pickup_point(order)
    if view is None:
        if out.json:
            out.emit(
                {"ok": True, "exit_code": ExitCode.OK, "order_id": order.order_id, "point": None}
            )
        else:
            print(f"Order {order.order_id} goes to the recipient's door (no pick-up point).")
        return ExitCode.OK
    if out.json:
        out.emit(
            {
                "ok": True,
                "exit_code": ExitCode.OK,
                "order_id": view.order_id,
                "point": {
                    "location_id": view.location_id,
                    "carrier": view.carrier,
                    "source": view.source,
                    "name": view.name,
                    "address": list(view.address),
                    "hours_today": view.hours_today,
                    "open_today": view.open_today,
                    "warnings": list(view.warnings),
                },
            }
        )
    else:
        print(f"Order {view.order_id}: pick-up point {view.location_id} ({view.source})")
        if view.name:
            print(f"  {view.name}, {', '.join(view.address)}")
        if view.today is not None:
            closed = "" if view.today.open_today else f" ({view.today.closed_reason})"
            print(f"  today: {view.hours_today}{closed}")
        for warning in view.warnings:
            print(f"  ! {warning}")
    return ExitCode.OK


def _point_json(point: PudoPoint) -> dict[str, Any]:
    loc = point.location
    return {
        "location_id": loc.location_id,
        "carrier": loc.carrier_name,
        "type": loc.location_type,
        "name": loc.name,
        "alternative_name": loc.alternative_name,
        "address": list(point.address),
        "zip": loc.zip,
        "city": loc.city,
        "country": loc.country,
        "latitude": loc.latitude,
        "longitude": loc.longitude,
        "distance_m": loc.distance_m,
        "distance": point.distance,
        "hours_today": point.today.hours,
        "open_today": point.today.open_today,
        "closed_today": point.today.closed_reason,
        "temporarily_closed": point.today.temporarily_closed,
        "parcel_sizes": list(loc.parcel_sizes),
        "closures": [{"from": c.start, "to": c.end} for c in loc.closures],
        "warnings": list(point.today.warnings),
    }
