"""Seven Senders wire formats: tolerant pydantic models in, plain JSON dicts out.

Answers are validated here and turned into domain objects at once (``to_domain``); nothing
pydantic leaves ``adapters/``. Unknown fields are ignored; ids may arrive as numbers or
strings (and relation ids as IRIs such as ``/v2/shipments/5``) and become ``str``, except an
order's numeric ``id`` which stays ``int``.

Names the documentation is unsure about are not spelled here: label keys, customs article
keys and error-body keys come from ``ApiNames`` and are mapped onto the canonical field
names before validation (``remap``).

One module per API area, each with its answers (``…Body``, ``parse_…``) and its request
bodies and query parameters: ``account`` (token, carriers), ``orders``, ``shipments``,
``labels``, ``customs`` (customs shipments, manifests), ``pudo``, ``catalog`` (products),
``errors`` (error answers); all of them on ``fields`` (id field types, the base model
``WireModel``, ``remap``, JSON helpers). The client's area of the same name imports its own.
"""
