"""What the station is doing in each call, for messages and for the rules that depend on it.

``Op.name`` becomes ``ShippingApiError.operation``; ``doing``, ``thing`` and ``done`` are the
words of the packer's messages ("… while buying the label", "the label was probably bought").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Op:
    """One kind of call: its name and the words messages use for it."""

    name: str
    doing: str
    thing: str
    done: str = "created"
    #: The call creates something at 7S (a repeated answer may mean it was done already).
    creates: bool = False


LOGIN = Op("log in", "logging in to Seven Senders", "the login")
CARRIERS = Op("list carriers", "loading the carriers", "the carriers")

CREATE_ORDER = Op("create order", "creating the order", "the order", creates=True)
LIST_ORDERS = Op("list orders", "looking up orders", "the orders")
FIND_ORDER = Op("find order", "looking up the order", "the order")
GET_ORDER = Op("get order", "loading the order", "the order")
UPDATE_ORDER = Op("update order", "updating the order", "the order")
DELETE_ORDER = Op("delete order", "deleting the order", "the order")
POST_STATE = Op(
    "post order state", "setting the order state", "the order state", "recorded", creates=True
)
CREATE_ITEM = Op("create order item", "registering the order item", "the order item", creates=True)
LIST_ITEMS = Op("list order items", "loading the order items", "the order items")
LINK_ITEM = Op("link order item", "linking the order item to its parcel", "the order item")

CREATE_SHIPMENT = Op(
    "register shipment", "registering the parcel", "the parcel", "registered", creates=True
)
GET_SHIPMENT = Op("get shipment", "loading the parcel", "the parcel")
LIST_SHIPMENTS = Op("list shipments", "looking up parcels", "the parcels")
DELETE_SHIPMENT = Op("delete shipment", "cancelling the parcel", "the parcel")

BUY_LABEL = Op("buy label", "buying the label", "the label", "bought", creates=True)
FIND_LABELS = Op("find labels", "looking up the label", "the label")
ORDER_LABELS = Op("list the order's labels", "looking up the order's labels", "the labels")
DOWNLOAD_LABEL = Op("download label", "downloading the label file", "the label file")
DELETE_LABEL = Op("cancel label", "cancelling the label", "the label")

CREATE_CUSTOMS = Op(
    "send customs data",
    "sending the customs data",
    "the customs data",
    "received",
    creates=True,
)
LIST_CUSTOMS = Op("list customs data", "looking up customs data", "the customs data")
GET_CUSTOMS = Op("get customs data", "loading the customs data", "the customs data")
UPDATE_CUSTOMS = Op("update customs data", "updating the customs data", "the customs data")
DELETE_CUSTOMS = Op("delete customs data", "deleting the customs data", "the customs data")
CREATE_MANIFEST = Op(
    "send manifest", "sending the customs manifest", "the manifest", "received", creates=True
)
GET_MANIFEST = Op("get manifest", "loading the customs manifest", "the manifest")

SEARCH_PUDO = Op("search pick-up points", "searching pick-up points", "the pick-up points")

CREATE_PRODUCT = Op("create product", "creating the product", "the product", creates=True)
GET_PRODUCT = Op("get product", "loading the product", "the product")
UPDATE_PRODUCT = Op("update product", "updating the product", "the product")
DELETE_PRODUCT = Op("delete product", "deleting the product", "the product")
UPLOAD_IMAGE = Op("upload product image", "uploading the product image", "the product image")
DELETE_IMAGE = Op("delete product image", "deleting the product image", "the product image")
