"""The ``/__mock/*`` test hooks (not part of 7S; no auth), thin wrappers over ``Control``."""

from __future__ import annotations

from typing import cast

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from packstation.sandbox.control import Control
from packstation.sandbox.demo import SEEDS, Seed
from packstation.sandbox.errors import INVALID_TYPE, TOO_LOW
from packstation.sandbox.validation import Fields
from packstation.sandbox.web import Call, Handler, endpoint, reply


def reset(call: Call) -> Response:
    f = Fields(call.body)
    seed = f.choice("seed", SEEDS)
    f.check()
    call.control.reset(cast(Seed | None, seed))
    return reply({"seed": seed or call.control.start_seed})


def seed(call: Call) -> Response:
    f = Fields(call.body)
    orders = f.array("orders") or []
    products = f.array("products") or []
    f.check()
    added_orders, added_products = call.control.seed(orders, products)
    return reply({"orders": added_orders, "products": added_products})


def requests(call: Call) -> Response:
    return reply([r.to_json() for r in call.control.requests()])


def _rule(f: Fields) -> tuple[str, str | None, int]:
    path = f.string("path") or "/"
    method = f.string("method")
    count = f.integer("count", minimum=1)
    return path, method.upper() if method else None, 1 if count is None else count


def fail_next(call: Call) -> Response:
    f = Fields(call.body)
    path, method, count = _rule(f)
    status = f.integer("status", minimum=200, maximum=599) or 500
    retry_after = f.integer("retry_after", minimum=0)
    f.check()
    call.control.fail_next(path, method=method, status=status, count=count, retry_after=retry_after)
    return reply(
        {
            "path": path,
            "method": method,
            "status": status,
            "count": count,
            "retry_after": retry_after,
        }
    )


def drop_next(call: Call) -> Response:
    f = Fields(call.body)
    path, method, count = _rule(f)
    f.check()
    call.control.drop_next(path, method=method, count=count)
    return reply({"path": path, "method": method, "count": count})


def latency(call: Call) -> Response:
    f = Fields(call.body)
    seconds = f.number("seconds", required=True)
    if seconds is not None and seconds < 0:
        f.add("seconds", "This value should be either positive or zero.", TOO_LOW)
    path = f.string("path")
    f.check()
    assert seconds is not None
    call.control.latency(seconds, path)
    return reply({"seconds": seconds, "path": path})


def config(call: Call) -> Response:
    if call.request.method == "GET":
        return reply(call.control.settings.to_json())
    f = Fields(call.body)
    ttl = f.number("token_ttl", positive=True)
    flex = f.boolean("flex")
    countries_raw = f.array("customs_countries")
    countries: list[str] | None = None
    if countries_raw is not None:
        countries = []
        for i, value in enumerate(countries_raw):
            if not isinstance(value, str) or len(value) != 2:
                f.add(f"customs_countries[{i}]", "This value is not a valid country.", INVALID_TYPE)
            else:
                countries.append(value)
    enforce = f.boolean("enforce_customs_countries")
    merchant_keys = f.boolean("merchant_keys_in_paths")
    single_token = f.boolean("single_token")
    page_size = f.integer("list_page_size", minimum=0)
    labels_listed = f.boolean("labels_listed")
    f.check()
    settings = call.control.config(
        token_ttl=ttl,
        flex=flex,
        customs_countries=countries,
        enforce_customs_countries=enforce,
        merchant_keys_in_paths=merchant_keys,
        single_token=single_token,
        list_page_size=page_size,
        labels_listed=labels_listed,
    )
    return reply(settings.to_json())


def expire_tokens(call: Call) -> Response:
    call.control.expire_tokens()
    return reply({"expired": True})


def deliver(call: Call) -> Response:
    f = Fields(call.body)
    shipment_id = f.identifier("shipment_id", required=True)
    f.check()
    assert shipment_id is not None
    call.control.deliver(shipment_id)
    state = call.control.state
    order = state.order_by_order_id(state.shipments[shipment_id].order_id)
    return reply(
        {
            "shipment_id": shipment_id,
            "status": "delivered",
            "order_state": order.state if order else None,
        }
    )


def hook_routes(control: Control) -> list[BaseRoute]:
    def post(path: str, handler: Handler, body: bool = True) -> Route:
        return Route(
            f"/__mock/{path}",
            endpoint(control, handler, auth=False, body="optional" if body else "none"),
            methods=["POST"],
        )

    return [
        post("reset", reset),
        post("seed", seed),
        Route("/__mock/requests", endpoint(control, requests, auth=False), methods=["GET"]),
        post("fail-next", fail_next),
        post("drop-next", drop_next),
        post("latency", latency),
        post("config", config),
        Route("/__mock/config", endpoint(control, config, auth=False), methods=["GET"]),
        post("expire-tokens", expire_tokens, body=False),
        post("deliver", deliver),
    ]
