"""The Starlette application: Seven Senders API v2 routes, media, merchant feed, test hooks."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp

from packstation.sandbox import customs, orders, products, pudo, shipping, tokens
from packstation.sandbox.control import Control
from packstation.sandbox.dialect import DialectMiddleware
from packstation.sandbox.errors import NotFound, Unauthorized
from packstation.sandbox.faults import FaultMiddleware
from packstation.sandbox.hooks import hook_routes
from packstation.sandbox.state import ACCOUNTS
from packstation.sandbox.validation import Fields
from packstation.sandbox.web import (
    Call,
    Handler,
    endpoint,
    http_error,
    no_content,
    page_of,
    reply,
)

GET, POST, PUT, DELETE = ["GET"], ["POST"], ["PUT"], ["DELETE"]


# ---------------------------------------------------------------- token, carriers
def post_token(call: Call) -> Response:
    f = Fields(call.body)
    key = f.string("access_key", required=True)
    f.check()
    account = ACCOUNTS.get(key or "")
    if account is None or account.revoked:
        raise Unauthorized("Invalid or revoked access key")
    token = tokens.issue(call.control.state, account.name, call.control.state.settings.token_ttl)
    return reply(
        {
            "token": token,
            "allowed_to_track_all_shipments": True,
            "allowed_to_send_seven_senders_shipments": True,
        }
    )


def get_carriers(call: Call) -> Response:
    carriers = call.control.state.carriers.values()
    return reply([shipping.carrier_json(c) for c in carriers])


# ---------------------------------------------------------------- orders
def post_order(call: Call) -> Response:
    state = call.control.state
    return reply(orders.order_json(state, orders.create_order(state, call.body)), 201)


def get_orders(call: Call) -> Response:
    state = call.control.state
    return reply([orders.order_json(state, o) for o in orders.list_orders(state, call.query())])


def get_order(call: Call) -> Response:
    state = call.control.state
    return reply(orders.order_json(state, orders.get_order(state, call.key)))


def put_order(call: Call) -> Response:
    state = call.control.state
    order = orders.update_order(state, orders.get_order(state, call.key), call.body)
    return reply(orders.order_json(state, order))


def delete_order(call: Call) -> Response:
    state = call.control.state
    orders.delete_order(state, orders.get_order(state, call.key))
    return no_content()


def post_order_state(call: Call) -> Response:
    return reply(orders.posted_state_json(orders.post_state(call.control.state, call.body)), 201)


def get_order_state(call: Call) -> Response:
    posted = call.control.state.order_states.get(int(call.key)) if call.key.isdigit() else None
    if posted is None:
        raise NotFound(f'Order state "{call.key}" not found.')
    return reply(orders.posted_state_json(posted))


# ---------------------------------------------------------------- order items
def get_items(call: Call) -> Response:
    state = call.control.state
    items = page_of(call, orders.list_items(state, call.query()))
    return reply([orders.item_json(state, i, call.root) for i in items])


def post_item(call: Call) -> Response:
    state = call.control.state
    return reply(orders.item_json(state, orders.create_item(state, call.body), call.root), 201)


def get_item(call: Call) -> Response:
    state = call.control.state
    return reply(orders.item_json(state, orders.get_item(state, call.key), call.root))


def put_item(call: Call) -> Response:
    state = call.control.state
    item = orders.update_item(state, orders.get_item(state, call.key), call.body)
    return reply(orders.item_json(state, item, call.root))


def delete_item(call: Call) -> Response:
    state = call.control.state
    orders.delete_item(state, orders.get_item(state, call.key))
    return no_content()


# ---------------------------------------------------------------- shipments
def post_shipment(call: Call) -> Response:
    state = call.control.state
    return reply(shipping.shipment_json(state, shipping.create_shipment(state, call.body)), 201)


def get_shipments(call: Call) -> Response:
    state = call.control.state
    found = page_of(call, shipping.list_shipments(state, call.query()))
    return reply([shipping.shipment_json(state, s) for s in found])


def get_shipment(call: Call) -> Response:
    state = call.control.state
    return reply(shipping.shipment_json(state, shipping.get_shipment(state, call.key)))


def put_shipment(call: Call) -> Response:
    state = call.control.state
    shipment = shipping.update_shipment(state, shipping.get_shipment(state, call.key), call.body)
    return reply(shipping.shipment_json(state, shipment))


def delete_shipment(call: Call) -> Response:
    state = call.control.state
    shipping.delete_shipment(state, shipping.get_shipment(state, call.key))
    return no_content()


# ---------------------------------------------------------------- labels
def post_label(call: Call) -> Response:
    made = shipping.create_labels(call.control.state, call.body)
    bodies = [shipping.label_json(label, call.root) for label in made]
    return reply(bodies if len(bodies) > 1 else bodies[0], 201)


def get_labels(call: Call) -> Response:
    if not call.control.state.settings.labels_listed:  # a test setting: no such route
        raise NotFound('No route found for "GET /v2/labels".')
    found = page_of(call, shipping.list_labels(call.control.state, call.query()))
    return reply([shipping.label_json(label, call.root) for label in found])


def get_label(call: Call) -> Response:
    return reply(shipping.label_json(shipping.get_label(call.control.state, call.key), call.root))


def delete_label(call: Call) -> Response:
    state = call.control.state
    shipping.delete_label(state, shipping.get_label(state, call.key))
    return no_content()


def download_label(call: Call) -> Response:
    state = call.control.state
    label = shipping.get_label(state, call.key)
    content, media_type = shipping.label_document(state, label)
    ext = "pdf" if label.format == "pdf" else "zpl"
    disposition = f'inline; filename="label-{label.id}.{ext}"'
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


# ---------------------------------------------------------------- customs
def post_customs(call: Call) -> Response:
    record = customs.create_customs_shipment(call.control.state, call.body)
    return reply(customs.customs_json(record), 201)


def get_customs_list(call: Call) -> Response:
    found = page_of(call, customs.list_customs_shipments(call.control.state, call.query()))
    return reply([customs.customs_json(c) for c in found])


def get_customs(call: Call) -> Response:
    return reply(customs.customs_json(customs.get_customs_shipment(call.control.state, call.key)))


def put_customs(call: Call) -> Response:
    record = customs.get_customs_shipment(call.control.state, call.key)
    return reply(customs.customs_json(customs.update_customs_shipment(record, call.body)))


def delete_customs(call: Call) -> Response:
    state = call.control.state
    customs.delete_customs_shipment(state, customs.get_customs_shipment(state, call.key))
    return no_content()


def post_manifest(call: Call) -> Response:
    flex = call.account is not None and call.control.is_flex(call.account)
    manifest = customs.create_manifest(call.control.state, call.body, flex=flex)
    return reply(customs.manifest_json(manifest), 201)


def get_manifests(call: Call) -> Response:
    found = page_of(call, customs.list_manifests(call.control.state, call.query()))
    return reply([customs.manifest_json(m) for m in found])


def get_manifest(call: Call) -> Response:
    return reply(customs.manifest_json(customs.get_manifest(call.control.state, call.key)))


# ---------------------------------------------------------------- PUDO
def get_pudo(call: Call) -> Response:
    return reply(pudo.search(call.control.state, call.query()))


# ---------------------------------------------------------------- products
def post_product(call: Call) -> Response:
    product = products.create_product(call.control.state, call.body)
    return reply(products.product_json(product, call.root), 201)


def get_products(call: Call) -> Response:
    found = products.list_products(call.control.state, call.query())
    return reply([products.product_json(p, call.root) for p in found])


def get_product(call: Call) -> Response:
    product = products.get_product(call.control.state, call.key)
    return reply(products.product_json(product, call.root))


def put_product(call: Call) -> Response:
    product = products.get_product(call.control.state, call.key)
    return reply(products.product_json(products.update_product(product, call.body), call.root))


def delete_product(call: Call) -> Response:
    state = call.control.state
    products.delete_product(state, products.get_product(state, call.key))
    return no_content()


def put_product_image(call: Call) -> Response:
    product = products.put_image(call.control.state, call.body)
    return reply(products.product_json(product, call.root))


def delete_product_image(call: Call) -> Response:
    products.delete_image(call.control.state, call.key)
    return no_content()


def get_media(call: Call) -> Response:
    media = call.control.state.media.get(call.key)
    if media is None:
        raise NotFound(f'Media "{call.key}" not found.')
    return Response(media.content, media_type=media.content_type)


# ---------------------------------------------------------------- merchant feed
def get_merchant_orders(call: Call) -> Response:
    docs = call.control.state.merchant_orders
    return reply([docs[k] for k in sorted(docs)])


def get_merchant_order(call: Call) -> Response:
    doc = call.control.state.merchant_orders.get(call.key)
    if doc is None:
        raise NotFound(f'Order "{call.key}" not found.')
    return reply(doc)


# ---------------------------------------------------------------- assembly
def api_routes(control: Control) -> list[BaseRoute]:
    def route(path: str, handler: Handler, methods: list[str], *, auth: bool = True) -> Route:
        needs_body = methods[0] in ("POST", "PUT")
        return Route(
            path,
            endpoint(control, handler, auth=auth, body="required" if needs_body else "none"),
            methods=methods,
        )

    routes: list[BaseRoute] = [
        route("/v2/token", post_token, POST, auth=False),
        route("/v2/carriers", get_carriers, GET),
        route("/v2/order_states", post_order_state, POST),
        route("/v2/order-states", post_order_state, POST),
        route("/v2/order_states/{key}", get_order_state, GET),
        route("/v2/order_items", get_items, GET),
        route("/v2/order_items", post_item, POST),
        route("/v2/order_items/{key}", get_item, GET),
        route("/v2/order_items/{key}", put_item, PUT),
        route("/v2/order_items/{key}", delete_item, DELETE),
        route("/v2/shipments", get_shipments, GET),
        route("/v2/shipments", post_shipment, POST),
        route("/v2/shipments/{key}", get_shipment, GET),
        route("/v2/shipments/{key}", put_shipment, PUT),
        route("/v2/shipments/{key}", delete_shipment, DELETE),
        route("/v2/labels", get_labels, GET),
        route("/v2/labels", post_label, POST),
        route("/v2/labels/{key}", get_label, GET),
        route("/v2/labels/{key}", delete_label, DELETE),
        route("/v2/label-download/{key}", download_label, GET),
        route("/label-download/{key}", download_label, GET),
        route("/v2/customs/shipments", get_customs_list, GET),
        route("/v2/customs/shipments", post_customs, POST),
        route("/v2/customs/shipments/{key}", get_customs, GET),
        route("/v2/customs/shipments/{key}", put_customs, PUT),
        route("/v2/customs/shipments/{key}", delete_customs, DELETE),
        route("/v2/customs/manifests", get_manifests, GET),
        route("/v2/customs/manifests", post_manifest, POST),
        route("/v2/customs/manifests/{key}", get_manifest, GET),
        route("/v2/pudo/locations", get_pudo, GET),
        route("/v2/products", get_products, GET),
        route("/v2/products", post_product, POST),
        route("/v2/Product", post_product, POST),
        route("/v2/products/{key}", get_product, GET),
        route("/v2/products/{key}", put_product, PUT),
        route("/v2/products/{key}", delete_product, DELETE),
        route("/v2/product_images", put_product_image, PUT),
        route("/v2/ProductImage", put_product_image, PUT),
        route("/v2/product_images/{key}", delete_product_image, DELETE),
        route("/media/{key}", get_media, GET, auth=False),
        route("/merchant/orders", get_merchant_orders, GET, auth=False),
        route("/merchant/orders/{key}", get_merchant_order, GET, auth=False),
    ]
    for collection in ("/v2/orders", "/v2/order"):
        routes += [
            route(collection, get_orders, GET),
            route(collection, post_order, POST),
            route(f"{collection}/{{key}}", get_order, GET),
            route(f"{collection}/{{key}}", put_order, PUT),
            route(f"{collection}/{{key}}", delete_order, DELETE),
        ]
    return routes


def build_app(control: Control) -> ASGIApp:
    """The whole sandbox as one ASGI app (fault middleware outermost)."""
    app = Starlette(
        routes=[*api_routes(control), *hook_routes(control)],
        exception_handlers={HTTPException: http_error},
    )
    # the dialect sits inside the faults: the log and the faults see the client's paths
    return FaultMiddleware(DialectMiddleware(app, control, control.dialect), control.faults)
