"""JSON-LD @context handling of the NGSI-LD API: names expanded on input, compacted on output.

NGSI-LD needs JSON-LD only for names: entity types and attribute names are IRIs, which a
client writes as short terms of its @context (ETSI GS CIM 009, 5.5.7). So this module
resolves a context to a term → IRI table and expands and compacts single names against
it; it does not run the JSON-LD algorithms over whole documents.

A context is resolved from what the request carries: inline objects, the NGSI-LD core
context (from the copy in `data/core-context.jsonld`, whatever version its URL names),
and the hub's own context document. Any other URL is refused with LdContextNotAvailable:
the API never fetches a remote document while answering.

The hub stores its own short names (`StreetLight`, `powerState`). A name a client's
context leaves to the core @vocab (`…/default-context/StreetLight`) is taken as the hub's
term of the same name: the hub holds only its own types, and a client that sends only
the core context (as generic tools do) must still be able to name them. Compaction keeps
that round trip: a hub name the client's context does not define comes back short.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from smartcity.config.site import absolute_url
from smartcity.devices.ngsi_ld.errors import NgsiError
from smartcity.devices.types import DEVICE_TYPES

CORE_CONTEXT = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld"
CORE_URL = re.compile(
    r"^https?://uri\.etsi\.org/ngsi-ld/v1/ngsi-ld-core-context(-v[\d.]+)?\.jsonld$"
)
OWN_PATH = "/ngsi-ld/v1/context.jsonld"
DEFAULT_VOCAB = "https://uri.etsi.org/ngsi-ld/default-context/"
LINK_REL = "http://www.w3.org/ns/json-ld#context"
# Names of the entity itself and of an attribute's own members: never expanded.
RESERVED = {"@context", "id", "type", "scope", "createdAt", "modifiedAt", "deletedAt"}
# Attributes every hub entity has, besides its type's quantities and extra attributes.
HUB_ATTRIBUTES = ("name", "location", "address", "areaServed", "responsible")
EXTRA_TERMS = ("lampPower", "refStreetlightControlCabinet")
SDM = "https://smartdatamodels.org/"


@functools.cache
def core_document() -> dict[str, object]:
    """The core context's terms, from the copy shipped with the platform."""
    path = Path(__file__).with_name("data") / "core-context.jsonld"
    return json.loads(path.read_text(encoding="utf-8"))["@context"]


@functools.cache
def core_terms() -> dict[str, str]:
    return _resolved(core_document(), {})


@functools.cache
def own_document() -> dict[str, str]:
    """The hub's @context: each type and attribute name to the Smart Data Models' vocabulary."""
    terms: dict[str, str] = {}
    for kind in DEVICE_TYPES.values():
        terms[kind.name] = f"https://uri.fiware.org/ns/dataModels#{kind.name}"
        for name in kind.quantities:
            terms.setdefault(name, f"{SDM}{name}")
    for name in (*HUB_ATTRIBUTES, *EXTRA_TERMS):
        if name != "location":  # the core context's own
            terms.setdefault(name, f"{SDM}{name}")
    return terms


def own_url() -> str:
    return absolute_url(OWN_PATH)


def _resolved(raw: dict, terms: dict[str, str]) -> dict[str, str]:
    """The terms of one inline context object, on top of those already in force."""
    result = dict(terms)
    for term, definition in raw.items():
        if term.startswith("@") and term != "@vocab":
            continue  # @version, @protected, @language: no bearing on names
        if definition is None:
            result.pop(term, None)
            continue
        iri = definition.get("@id") if isinstance(definition, dict) else definition
        if isinstance(definition, dict) and iri is None:
            continue  # a definition that only types its term: the name is left to @vocab
        if not isinstance(iri, str):
            raise NgsiError("BadRequestData", f"@context: the term {term!r} has no IRI")
        result[term] = _expand_iri(iri, result)
    return result


def _expand_iri(value: str, terms: dict[str, str]) -> str:
    prefix, sep, suffix = value.partition(":")
    if sep and not suffix.startswith("//") and prefix in terms:
        return terms[prefix] + suffix
    return terms.get(value, value)


@dataclass(frozen=True)
class Context:
    """A resolved @context: its terms, and the value to send back as `@context`."""

    terms: dict[str, str]
    given: list[object] = field(default_factory=list)
    link: str = ""  # the URL for a Link header, if the context is one document

    @functools.cached_property
    def _reverse(self) -> dict[str, str]:
        reverse: dict[str, str] = {}
        for term, iri in self.terms.items():
            if not term.startswith("@"):
                reverse.setdefault(iri, term)
        return reverse

    def expand(self, name: str) -> str:
        """The IRI a name stands for (JSON-LD vocabulary expansion)."""
        if name.startswith("@") or name in RESERVED:
            return name
        if name in self.terms:
            return self.terms[name]
        prefix, sep, suffix = name.partition(":")
        if sep:
            if prefix in self.terms and not suffix.startswith("//"):
                return self.terms[prefix] + suffix
            return name  # an absolute IRI (http://…, urn:…)
        return self.terms.get("@vocab", DEFAULT_VOCAB) + name

    def compact(self, iri: str) -> str:
        """The shortest name of an IRI in this context, or the IRI itself."""
        if iri in self._reverse:
            return self._reverse[iri]
        vocab = self.terms.get("@vocab", DEFAULT_VOCAB)
        rest = iri[len(vocab) :]
        if iri.startswith(vocab) and rest and ":" not in rest and rest not in self.terms:
            return rest
        return iri

    def to_hub(self, name: str) -> str:
        """The hub's own name for a name as this context's client wrote it."""
        if name in RESERVED:
            return name
        return hub_name(self.expand(name))

    def from_hub(self, name: str) -> str:
        """A hub name as this context's client should read it."""
        if name in RESERVED:
            return name
        iri = hub_iri(name)
        short = self.compact(iri)
        if short == iri and ":" not in name and name not in self.terms:
            return name  # it expands to the core @vocab, which the hub takes as its own
        return short


def hub_name(iri: str) -> str:
    """The hub's name for an IRI: its own term, the core vocabulary's, or the IRI kept whole."""
    own = _own_terms()
    if iri in own._reverse:
        return own._reverse[iri]
    if iri.startswith(DEFAULT_VOCAB) and ":" not in iri[len(DEFAULT_VOCAB) :]:
        return iri[len(DEFAULT_VOCAB) :]
    return iri


def hub_iri(name: str) -> str:
    return _own_terms().expand(name)


@functools.cache
def _own_terms() -> Context:
    terms = dict(own_document())
    terms.update(core_terms())
    return Context(terms)


def own_context() -> Context:
    """The context of a request that names none: the hub's document, then the core."""
    return Context(_own_terms().terms, [own_url(), CORE_CONTEXT], own_url())


def _document(url: str, host: str) -> dict[str, str]:
    if CORE_URL.match(url):
        return {}
    parts = urlsplit(url)
    own_hosts = {urlsplit(settings.SMARTCITY_SITE_URL).netloc, host}
    if parts.path == OWN_PATH and parts.netloc in own_hosts:
        return own_document()
    raise NgsiError(
        "LdContextNotAvailable",
        f"the @context {url} cannot be resolved here: give it inline, or use this API's "
        f"own context {own_url()} or the NGSI-LD core context",
    )


def context_of(value: object, *, host: str = "") -> Context:
    """A context from an @context value (a URL, an object, or a list of them); the core
    context always applies last, as the standard says."""
    items = value if isinstance(value, list) else [value]
    terms: dict[str, str] = {}
    for item in items:
        if isinstance(item, str):
            terms.update(_document(item, host))
        elif isinstance(item, dict):
            terms = _resolved(item, terms)
        else:
            raise NgsiError("BadRequestData", "@context must be URLs and objects")
    terms.update(core_terms())
    link = items[0] if len(items) == 1 and isinstance(items[0], str) else ""
    return Context(terms, list(items), link)


LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]*)*)")


def link_context(header: str) -> str | None:
    """The URL of the JSON-LD context a Link header names, if any."""
    for url, params in LINK.findall(header):
        if f'rel="{LINK_REL}"' in params or f"rel={LINK_REL}" in params:
            return url.strip()
    return None


def link_header(ctx: Context) -> str:
    """The Link header that gives a plain-JSON answer its context."""
    url = ctx.link or own_url()
    return f'<{url}>; rel="{LINK_REL}"; type="application/ld+json"'


def context_value(ctx: Context) -> list[object]:
    """What an application/ld+json answer carries as @context."""
    given = [g for g in ctx.given if not (isinstance(g, str) and CORE_URL.match(g))]
    return [*given, CORE_CONTEXT]
