"""Start the test OpenID Connect provider (node's `oidc-provider`) on the loopback address.

`make oidc-provider` installs it (npm ci in src/brug/accounts/tests/oidc). Without node or
the installed package the end-to-end login tests skip, saying how to install it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from brug.core.testing.smtp import free_port

HERE = Path(__file__).parent / "oidc"
CLIENT_ID = "brug-test"
CLIENT_SECRET = "brug-test-secret-not-used-anywhere-else"


@dataclass
class Provider:
    issuer: str
    process: subprocess.Popen[str]

    def settings(self) -> dict[str, object]:
        return {
            "BRUG_OIDC_ENABLED": True,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/auth",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/me",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/jwks",
            "OIDC_OP_LOGOUT_ENDPOINT": f"{self.issuer}/session/end",
        }


def _skip_reason() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed: the OpenID Connect end-to-end tests need node 20+"
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        return "the test OpenID Connect provider is not installed: run `make oidc-provider`"
    return None


@contextmanager
def running_provider(
    *, redirect_uris: list[str], post_logout_uris: list[str], accounts: dict[str, dict[str, str]]
) -> Iterator[Provider]:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URIS": ",".join(redirect_uris),
        "POST_LOGOUT_URIS": ",".join(post_logout_uris),
        "ACCOUNTS": json.dumps(accounts),
        "NODE_ENV": "test",
    }
    log = tempfile.NamedTemporaryFile("w+", prefix="oidc-provider-", suffix=".log")  # noqa: SIM115
    process = subprocess.Popen(
        ["node", str(HERE / "provider.mjs")],
        cwd=HERE,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        issuer = ""
        deadline = time.monotonic() + 30
        while not issuer and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
            log.seek(0)
            for line in log.read().splitlines():
                if line.startswith("READY "):
                    issuer = line.split()[1]
        if not issuer:
            log.seek(0)
            raise RuntimeError(f"OpenID Connect provider did not start: {log.read()[-2000:]}")
        yield Provider(issuer=issuer, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
