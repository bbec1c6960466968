"""`pack --packer` and `stats --by-packer` as real processes against the real sandbox: each
order's steps are journalled with its packer, and the figures are counted per packer."""

from __future__ import annotations

from pathlib import Path

import pytest

from packstation.sandbox import SandboxServer
from tests.integration.conftest import cli_environ, packstation, run_json


@pytest.fixture
def env(sandbox: SandboxServer, tmp_path: Path) -> dict[str, str]:
    return cli_environ(
        sandbox,
        tmp_path,
        PACKSTATION_PACKERS='[{"name": "Anna Schmidt", "badge": "EMP-00123"}]',
    )


def test_orders_are_counted_per_packer(env: dict[str, str]) -> None:
    code, _, stderr = run_json("pack", "A100", "--skip-verify", "--packer", "EMP-00123", env=env)
    assert code == 0, stderr
    code, _, stderr = run_json("pack", "A102", "--skip-verify", "--packer", "Jonas Weber", env=env)
    assert code == 0, stderr
    code, _, stderr = run_json("pack", "A105", "--skip-verify", "--packer", "emp-00123", env=env)
    assert code == 0, stderr
    code, _, stderr = run_json("pack", "A106", "--skip-verify", env=env)  # nobody given
    assert code == 0, stderr

    code, data, _ = run_json("stats", "--by-packer", env=env)
    assert code == 0
    assert data["packed"] == 4
    assert [(p["packer"], p["packed"]) for p in data["packers"]] == [
        ("Anna Schmidt", 2),
        ("Jonas Weber", 1),
        (None, 1),
    ]
    code, plain, _ = run_json("stats", env=env)
    assert "packers" not in plain  # only when asked for

    text = packstation("stats", "--by-packer", env=env).stdout
    assert "Anna Schmidt" in text
    assert "(nobody signed in)" in text


def test_a_station_that_requires_sign_in_refuses_pack_without_packer(
    env: dict[str, str],
) -> None:
    strict = {**env, "PACKSTATION_REQUIRE_SIGN_IN": "true"}
    code, _, stderr = run_json("pack", "A100", "--skip-verify", env=strict)
    assert code == 2
    assert "--packer" in stderr
    code, _, stderr = run_json("pack", "A100", "--skip-verify", "--packer", "   ", env=strict)
    assert code == 2
    assert "name is needed" in stderr
