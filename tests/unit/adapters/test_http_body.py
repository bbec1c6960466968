"""``http_body.decode_at_most``: a body as it came over the wire, inflated within a bound.

The streaming side (``read_at_most`` under a real answer) is in
``tests/contract/test_contract_hostile.py``; the whole station in ``tests/chaos/test_f09``.
"""

from __future__ import annotations

import gzip
import threading
import tracemalloc
import zlib
from collections.abc import Callable, Iterator

import httpx
import pytest

from packstation.adapters.http_body import MAX_LAYERS, PIECE, decode_at_most

MB = 1024 * 1024
BODY = b'{"label": "' + bytes(range(256)) * 400 + b'"}'


def deflate(data: bytes, wbits: int = zlib.MAX_WBITS) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    return packer.compress(data) + packer.flush()


def zeros_gzipped(size: int) -> bytes:
    """``size`` zero bytes, gzipped, without holding them all at once."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    parts = [packer.compress(b"\0" * MB) for _ in range(size // MB)]
    return b"".join(parts) + packer.flush()


@pytest.mark.parametrize(
    ("encoding", "wire"),
    [
        ("", BODY),
        ("identity", BODY),
        ("gzip", gzip.compress(BODY)),
        ("GZip", gzip.compress(BODY)),
        ("deflate", deflate(BODY)),  # with its zlib header, as the standard says
        ("deflate", deflate(BODY, -zlib.MAX_WBITS)),  # without it, as some servers send it
        ("gzip, deflate", deflate(gzip.compress(BODY))),  # applied in the order listed
        ("deflate, identity, gzip", gzip.compress(deflate(BODY))),
    ],
)
def test_a_body_within_the_limit_comes_back_whole(encoding: str, wire: bytes) -> None:
    assert decode_at_most(wire, encoding, len(BODY)) == BODY


@pytest.mark.parametrize("encoding", ["", "gzip", "gzip, deflate"])
def test_one_byte_over_the_limit_is_none(encoding: str) -> None:
    wire = {"": BODY, "gzip": gzip.compress(BODY)}.get(encoding, deflate(gzip.compress(BODY)))
    assert decode_at_most(wire, encoding, len(BODY) - 1) is None


def test_an_encoding_not_read_here_is_none() -> None:
    assert decode_at_most(BODY, "br", 10 * MB) is None
    assert decode_at_most(BODY, "x-unknown", 10 * MB) is None


@pytest.mark.parametrize("encoding", ["gzip, compress", "gzip, x-unknown", "br, deflate"])
def test_gzip_or_deflate_mixed_with_an_encoding_not_read_here_is_refused(encoding: str) -> None:
    # left to httpx, the gzip layer would be inflated a whole network chunk at a time
    with pytest.raises(httpx.DecodingError):
        decode_at_most(gzip.compress(BODY), encoding, 10 * MB)


def test_more_layers_than_any_server_uses_are_refused_without_recursion() -> None:
    wire = BODY
    for _ in range(MAX_LAYERS):
        wire = gzip.compress(wire)
    assert decode_at_most(wire, ", ".join(["gzip"] * MAX_LAYERS), 10 * MB) == BODY
    for layers in (MAX_LAYERS + 1, 1200):
        wire = BODY
        for _ in range(layers):
            wire = gzip.compress(wire, compresslevel=1)
        with pytest.raises(httpx.DecodingError):
            decode_at_most(wire, ", ".join(["gzip"] * layers), 10 * MB)


def _within(seconds: float, work: Callable[[], object]) -> object:
    """``work()`` on a thread; fails (instead of hanging the run) if it is not done in time."""
    done: list[object] = []
    thread = threading.Thread(target=lambda: done.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert done, f"still decoding after {seconds} s"
    return done[0]


@pytest.mark.parametrize(
    "after", [b"\n", gzip.compress(b"a second member")], ids=["newline", "second-member"]
)
def test_what_follows_the_end_of_the_compressed_stream_is_not_read(after: bytes) -> None:
    big = bytes(range(256)) * (4 * PIECE // 256)  # its last step inflates more than a piece
    wire = gzip.compress(big) + after
    assert _within(30, lambda: decode_at_most(wire, "gzip", 10 * MB)) == big


@pytest.mark.parametrize(
    "cut", [lambda w: w[: len(w) // 2], lambda w: w[:-8]], ids=["half", "no-trailer"]
)
def test_a_compressed_answer_cut_off_before_its_end_is_refused(
    cut: Callable[[bytes], bytes],
) -> None:
    with pytest.raises(httpx.DecodingError):
        decode_at_most(cut(gzip.compress(BODY)), "gzip", 10 * MB)


def test_an_empty_body_marked_as_gzip_is_empty() -> None:
    assert decode_at_most(b"", "gzip", 10 * MB) == b""


@pytest.mark.parametrize(
    ("encoding", "wire", "at"),
    [
        ("gzip", gzip.compress(BODY), -6),  # its CRC
        ("deflate", deflate(BODY), -2),  # its Adler-32 sum
        ("deflate", deflate(BODY, -zlib.MAX_WBITS), 1),  # its first block
    ],
)
def test_a_damaged_body_is_httpx_own_decoding_error(encoding: str, wire: bytes, at: int) -> None:
    damaged = bytearray(wire)
    damaged[at] ^= 0xFF
    with pytest.raises(httpx.DecodingError):
        decode_at_most(bytes(damaged), encoding, 10 * MB)


@pytest.fixture
def traced() -> Iterator[None]:
    tracemalloc.start()
    try:
        yield
    finally:
        tracemalloc.stop()


def test_a_bomb_is_inflated_only_up_to_the_limit_never_at_once(traced: None) -> None:
    bomb = zeros_gzipped(256 * MB)  # about 256 KB: one step of zlib would make 256 MB
    before, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    assert decode_at_most(bomb, "gzip", 1 * MB) is None
    _, peak = tracemalloc.get_traced_memory()
    held = peak - before
    # what was read (the limit) and the piece that went over it, with room for small objects
    assert held < 1 * MB + PIECE + 512 * 1024, f"{held / MB:.2f} MB held"
