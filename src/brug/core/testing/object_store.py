"""A local S3-compatible object store for tests: moto's server mode as a subprocess.

`s3_storage` starts `moto.server` on a free port on 127.0.0.1, creates a private bucket and
points Django's default storage at it through django-storages' S3 backend, exactly as
`BRUG_STORAGE=s3` does in production (only the endpoint and the dummy credentials differ).
Without moto or django-storages installed the test is skipped with a message.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

BUCKET = "brug-test"


@dataclass(frozen=True)
class ObjectStore:
    endpoint_url: str
    bucket: str
    client: Any  # a boto3 S3 client on the same server

    def names(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_listening(port: int, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"moto server did not listen on port {port} within {timeout} s")


@pytest.fixture(scope="session")
def object_store_server() -> Iterator[str]:
    """The endpoint URL of a moto S3 server running for the whole test session."""
    pytest.importorskip("moto.server", reason="moto[server] is not installed: no S3 tests")
    pytest.importorskip("storages", reason="django-storages is not installed: no S3 tests")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_listening(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            process.kill()


@pytest.fixture
def s3_storage(object_store_server: str, settings: Any) -> Iterator[ObjectStore]:
    """Django's default storage on a fresh private bucket of the local S3 server."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=object_store_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - moto accepts any key
    )
    bucket = f"{BUCKET}-{time.monotonic_ns()}"
    client.create_bucket(Bucket=bucket)
    settings.BRUG_STORAGE = "s3"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": object_store_server,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    yield ObjectStore(object_store_server, bucket, client)
    for name in ObjectStore(object_store_server, bucket, client).names():
        client.delete_object(Bucket=bucket, Key=name)
    client.delete_bucket(Bucket=bucket)
