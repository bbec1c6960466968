"""`packstation about`: the version and where the station keeps its settings, data and logs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from packstation import __version__


def test_about_names_the_version_and_where_things_live(station_env: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "packstation", "about", "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    facts = json.loads(result.stdout)
    assert facts["version"] == __version__
    assert facts["config_file"] == str(station_env / "packstation.toml")
    assert facts["config_file_exists"] is False
    assert facts["data_dir"].startswith(str(station_env))
    assert facts["log_dir"].startswith(str(station_env))
    assert "SecretService" in facts["keyring_backends_found"]
