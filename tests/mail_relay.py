"""A real SMTP relay for the tests (aiosmtpd): authentication, STARTTLS or implicit TLS."""

from __future__ import annotations

import email
import email.policy
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.processes import free_port


@dataclass
class MailRelay:
    """Accepts mail only from `user`/`password`, over TLS; keeps what it was given."""

    certificate: Path
    key: Path
    user: str = "platforma"
    password: str = "parola-releului"
    implicit_tls: bool = False
    received: list[EmailMessage] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    port: int = 0

    def start(self) -> MailRelay:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.certificate, self.key)
        self.port = free_port()
        options: dict = {"authenticator": self._authenticate, "auth_required": True}
        if self.implicit_tls:
            # The whole connection is TLS, which aiosmtpd's "AUTH only after STARTTLS"
            # check cannot see.
            options |= {"ssl_context": context, "auth_require_tls": False}
        else:
            options |= {"tls_context": context, "require_starttls": True}
        self._controller = Controller(
            _Handler(self), hostname="127.0.0.1", port=self.port, **options
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:  # noqa: ANN001
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == self.user
            and auth_data.password.decode() == self.password
        )
        if ok:
            self.logins.append(self.user)
        return AuthResult(success=ok, handled=False)


class _Handler:
    def __init__(self, relay: MailRelay) -> None:
        self.relay = relay

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.relay.received.append(message)
        return "250 Message accepted for delivery"
