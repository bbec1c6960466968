"""The Seven Senders API v2 over HTTP: ``HttpShippingApi`` and where it connects to.

How the package is laid out (one module per concern):

- ``client``: ``HttpShippingApi``, the ``ShippingApi`` port, built from the API areas below,
  plus the login and the carriers list;
- the API areas, one class each: ``orders`` (orders, states, items), ``shipments``,
  ``labels`` (buy, find, download, cancel), ``customs`` (customs data and manifests),
  ``pudo`` (pick-up points), ``catalog`` (products and images);
- ``wire``: one logical request (token, retries through ``http_retry``, log lines) and its
  frozen ``RequestOptions``; ``answers``: reading answers (``ApiArea``, the areas' base);
  ``failures``: failed requests as ``packstation.domain.errors`` in plain words;
  ``operations``: what each call is called in messages; ``environments``: the addresses;
  ``redaction``: the one redactor of every text that leaves the client.

Wire formats live in ``dto/`` (one module per API area, as above), uncertain wire names in
``sevensenders_names``, tokens in ``sevensenders_auth``.

The access key and tokens never appear in log records, exception messages or reprs: they are
``Secret`` values; every error leaving a public call (message, operation, each violation) and
every log line passes one ``Redactor``; httpx exceptions (whose request carries the
``Authorization`` header) are never chained.

Every call is bounded: an overall deadline over all its attempts and waits, a ``Retry-After``
cap (a longer hint ends the retries and ``RateLimited.retry_at`` says when 7S takes requests
again) and a size limit on every answer, label files included (``http_retry.AnswerLimits``).
"""

from packstation.adapters.sevensenders.client import HttpShippingApi
from packstation.adapters.sevensenders.environments import ENVIRONMENT_URLS, base_url_for
from packstation.domain.environment import Environment

__all__ = ["ENVIRONMENT_URLS", "Environment", "HttpShippingApi", "base_url_for"]
