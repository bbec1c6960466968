"""Products and product images."""

from __future__ import annotations

import base64
from collections.abc import Callable

import httpx

from packstation.sandbox import SandboxServer
from packstation.sandbox.demo import product_png

Check400 = Callable[[httpx.Response], dict[str, str]]
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def image_body(sku: str, content: bytes, filename: str = "x.png") -> dict[str, str]:
    return {"sku": sku, "attachment": base64.b64encode(content).decode(), "filename": filename}


def test_demo_products_about_half_with_images(client: httpx.Client, anon: httpx.Client) -> None:
    found = client.get("/products").json()
    assert len(found) == 20
    with_image = [p for p in found if p["image_url"]]
    assert 8 <= len(with_image) <= 12
    r = httpx.get(with_image[0]["image_url"])
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/png"
    assert r.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_product_crud(client: httpx.Client, check_400: Check400) -> None:
    body = {
        "sku": "NEW-1",
        "customs_description": "Thing",
        "customs_item_value": "500",
        "customs_origin_country_iso2": "de",
    }
    r = client.post("/products", json=body)
    assert r.status_code == 201
    product = r.json()
    assert product["image_url"] is None
    assert product["customs_origin_country_iso2"] == "DE"
    assert check_400(client.post("/products", json=body)) == {
        "sku": "23bd9dbf-6b9b-41cd-a99e-4844bcf3077f"
    }
    assert client.post("/Product", json={"sku": "NEW-2"}).status_code == 201
    url = f"/products/{product['id']}"
    assert product["iri"] == f"/v2{url}"
    assert client.get("/products", params={"sku": "NEW-1"}).json() == [product]
    # strict: the SKU is the merchant's key, not an item URL
    assert client.put("/products/NEW-1", json={"customs_description": "Other"}).status_code == 404
    assert client.get("/products/NEW-1").status_code == 404
    r = client.put(url, json={"customs_description": "Other"})
    assert r.json()["customs_description"] == "Other"
    assert client.get(url).json()["sku"] == "NEW-1"
    assert client.delete("/products/NEW-1").status_code == 404
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_relaxed_sandbox_takes_the_sku_in_item_urls(
    sandbox: SandboxServer, client: httpx.Client
) -> None:
    sandbox.control.config(merchant_keys_in_paths=True)
    assert client.get("/products/SKU-CAP-BLK").json()["sku"] == "SKU-CAP-BLK"
    assert client.delete("/products/SKU-CAP-BLK").status_code == 204


def test_upload_replace_and_delete_image(
    sandbox: SandboxServer, client: httpx.Client, anon: httpx.Client
) -> None:
    r = client.put("/product_images", json=image_body("SKU-CAP-BLK", product_png("#112233")))
    assert r.status_code == 200
    first = r.json()["image_url"]
    assert first.startswith(f"{sandbox.root_url}/media/")
    assert httpx.get(first).status_code == 200
    r = client.put("/ProductImage", json=image_body("SKU-CAP-BLK", JPEG, "cap.jpg"))
    second = r.json()["image_url"]
    assert second != first
    assert httpx.get(first).status_code == 404
    assert httpx.get(second).headers["content-type"] == "image/jpeg"
    item = client.get("/order_items", params={"order_id": "A111"}).json()[0]
    assert item["image_url"] == second
    product_id = r.json()["id"]
    assert client.delete("/product_images/SKU-CAP-BLK").status_code == 404  # strict: 7S's id
    assert client.delete(f"/product_images/{product_id}").status_code == 204
    assert client.get(f"/products/{product_id}").json()["image_url"] is None
    assert httpx.get(second).status_code == 404


def test_image_errors(client: httpx.Client, check_400: Check400) -> None:
    not_image = client.put("/product_images", json=image_body("SKU-CAP-BLK", b"GIF89a..."))
    assert check_400(not_image) == {"attachment": "7a3c1d1e-0000-4000-8000-000000000007"}
    bad_b64 = {"sku": "SKU-CAP-BLK", "attachment": "***", "filename": "x.png"}
    assert "attachment" in check_400(client.put("/product_images", json=bad_b64))
    missing = check_400(client.put("/product_images", json={}))
    assert set(missing) == {"sku", "attachment", "filename"}
    unknown = client.put("/product_images", json=image_body("NOPE", product_png("#000000")))
    assert unknown.status_code == 404
    assert client.delete("/product_images/NOPE").status_code == 404
