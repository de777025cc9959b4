"""A local stand-in for MPass: a real pysaml2 identity provider behind a small HTTP server.

It behaves as MPass's integration guide describes (egov-moldova/egov4dev, docs/guides/
mpass): SSO at /login/saml (the AuthnRequest by HTTP-Redirect, its signature checked
against the service's metadata), SLO at /logout/saml, metadata at /meta/saml; the
Response is POSTed to the service's ACS, signed, with the IDNP as NameID and the
attributes FirstName, LastName and EmailAddress. Its keys are made for the test run.
A test may ask it to misbehave (unsigned, altered, for another audience, expired) to see
the service refuse.
"""

from __future__ import annotations

import base64
import html
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import saml2
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_BASIC, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.xmldsig import SIG_RSA_SHA256

from tests.egov.certificates import KeyPair, key_pair_make

OTHER_SERVICE = "https://another-service.example.md/"


@dataclass
class Identity:
    idnp: str = "2001234567890"
    first_name: str = "Ion"
    last_name: str = "Popescu"
    email: str = "ion.popescu@example.md"


@dataclass
class Behaviour:
    """What the next Response looks like; the defaults are MPass's correct answer."""

    sign_response: bool = True
    audience: str | None = None  # None: the requesting service's EntityID
    # Applied to the signed XML before it is sent (an attacker editing it in transit).
    alter: Callable[[str], str] | None = None
    # Another key than the one in MPass's metadata signs (the guide's TC_SEC_02).
    foreign_key: KeyPair | None = None
    status_denied: bool = False


@dataclass
class Answer:
    """What MPass's page would POST to the service: the form's action and fields."""

    action: str
    fields: dict[str, str]


@dataclass
class FakeMPass:
    directory: Path
    identity: Identity = field(default_factory=Identity)
    behaviour: Behaviour = field(default_factory=Behaviour)
    answers: list[Answer] = field(default_factory=list)
    logout_requests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.keys = key_pair_make(self.directory, "fake-mpass")
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base_url = f"http://127.0.0.1:{self._http.server_address[1]}"
        self.entity_id = f"{self.base_url}/meta/saml"
        self.metadata_path = self.directory / "mpass-metadata.xml"
        self.metadata_path.write_text(str(entity_descriptor(self._config(sp_metadata=None))))
        self.server: Server | None = None
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    def trust(self, sp_metadata: str) -> None:
        """Register the service: its metadata, as the city hands it to MPass."""
        path = self.directory / "sp-metadata.xml"
        path.write_text(sp_metadata)
        # Another service registered with the same MPass, whose answers ours must refuse.
        other = re.sub(r'entityID="[^"]*"', f'entityID="{OTHER_SERVICE}"', sp_metadata, count=1)
        (self.directory / "other-sp-metadata.xml").write_text(other)
        self.server = Server(config=self._config(sp_metadata=path))

    def _config(self, *, sp_metadata: Path | None, keys: KeyPair | None = None) -> IdPConfig:
        keys = keys or self.keys
        # One attribute map, the identity: the attributes go out under MPass's own names.
        maps = self.directory / "attribute-maps"
        maps.mkdir(exist_ok=True)
        names = {name: name for name in ("FirstName", "LastName", "EmailAddress")}
        (maps / "mpass_names.py").write_text(
            f"MAP = {{'identifier': {NAME_FORMAT_BASIC!r}, 'fro': {names!r}, 'to': {names!r}}}\n"
        )
        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "xmlsec_binary": shutil.which("xmlsec1"),
                "attribute_map_dir": str(maps),
                "key_file": str(keys.key),
                "cert_file": str(keys.cert),
                "metadata": (
                    {"local": [str(sp_metadata), str(self.directory / "other-sp-metadata.xml")]}
                    if sp_metadata
                    else {}
                ),
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [
                                (f"{self.base_url}/login/saml", BINDING_HTTP_REDIRECT),
                                (f"{self.base_url}/login/saml", BINDING_HTTP_POST),
                            ],
                            "single_logout_service": [
                                (f"{self.base_url}/logout/saml", BINDING_HTTP_REDIRECT),
                            ],
                        },
                        "want_authn_requests_signed": True,
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": 5},
                                "name_form": NAME_FORMAT_BASIC,
                                "attribute_restrictions": None,
                            }
                        },
                    }
                },
            }
        )
        return config

    # The SSO endpoint -------------------------------------------------------------

    def sso(self, query: dict[str, str]) -> Answer:
        assert self.server is not None, "trust() the service first"
        request = self.server.parse_authn_request(
            query["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        if request is None:
            raise ValueError("the AuthnRequest's signature did not verify")
        message = request.message
        server = self.server
        if self.behaviour.foreign_key is not None:
            server = Server(
                config=self._config(
                    sp_metadata=self.directory / "sp-metadata.xml",
                    keys=self.behaviour.foreign_key,
                )
            )
        if self.behaviour.status_denied:
            response = server.create_error_response(
                message.id,
                message.assertion_consumer_service_url,
                (saml2.samlp.STATUS_REQUEST_DENIED, "cancelled by the user"),
                sign=True,
            )
        else:
            response = self._authn_response(server, message)
        xml = str(response)
        if self.behaviour.alter is not None:
            xml = self.behaviour.alter(xml)
        answer = Answer(
            action=message.assertion_consumer_service_url,
            fields={
                "SAMLResponse": base64.b64encode(xml.encode()).decode(),
                "RelayState": query.get("RelayState", ""),
            },
        )
        self.answers.append(answer)
        return answer

    def _authn_response(self, server: Server, message):  # noqa: ANN001 - an AuthnRequest
        identity = self.identity
        return server.create_authn_response(
            identity={
                "FirstName": [identity.first_name],
                "LastName": [identity.last_name],
                "EmailAddress": [identity.email],
            },
            in_response_to=message.id,
            destination=message.assertion_consumer_service_url,
            sp_entity_id=self.behaviour.audience or message.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=identity.idnp),
            authn={
                "class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:X509",
                "authn_auth": self.entity_id,
            },
            sign_response=self.behaviour.sign_response,
            sign_assertion=False,
        )

    # The SLO endpoint -------------------------------------------------------------

    def slo(self, query: dict[str, str]) -> str:
        """A LogoutRequest from the service: answered, the browser sent back to it."""
        assert self.server is not None
        request = self.server.parse_logout_request(
            query["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        self.logout_requests.append(request.message.name_id.text)
        _, destination = self.server.pick_binding(
            "single_logout_service",
            [BINDING_HTTP_REDIRECT],
            "spsso",
            entity_id=request.message.issuer.text,
        )
        response = self.server.create_logout_response(
            request.message, [BINDING_HTTP_REDIRECT], sign=False
        )
        info = self.server.apply_binding(
            BINDING_HTTP_REDIRECT,
            str(response),
            destination=destination,
            relay_state=query.get("RelayState", ""),
            response=True,
            sign=True,
            sigalg=SIG_RSA_SHA256,
        )
        return dict(info["headers"])["Location"]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        mpass = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if parts.path == "/meta/saml":
                    self._answer(200, mpass.metadata_path.read_bytes(), "application/xml")
                elif parts.path == "/login/saml":
                    answer = mpass.sso(query)
                    self._answer(200, _post_form(answer).encode(), "text/html")
                elif parts.path == "/logout/saml":
                    self.send_response(302)
                    self.send_header("Location", mpass.slo(query))
                    self.end_headers()
                else:
                    self._answer(404, b"", "text/plain")

            def _answer(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


def _post_form(answer: Answer) -> str:
    inputs = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
        for name, value in answer.fields.items()
    )
    return f'<form method="post" action="{html.escape(answer.action)}">{inputs}</form>'


def form_read(page: str) -> Answer:
    """The form on MPass's page, read as a browser would before submitting it."""
    action = html.unescape(re.search(r'action="([^"]*)"', page).group(1))  # type: ignore[union-attr]
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', page)
    }
    return Answer(action=action, fields=fields)
