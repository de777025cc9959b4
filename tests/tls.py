"""A self-signed certificate for 127.0.0.1 and localhost, for test servers speaking TLS."""

from __future__ import annotations

import subprocess
from pathlib import Path


def certificate_self_signed(directory: Path) -> tuple[Path, Path]:
    """(certificate, key) in PEM, made by openssl; clients trust it through SSL_CERT_FILE."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert),
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key
