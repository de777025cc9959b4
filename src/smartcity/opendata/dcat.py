"""The catalogue as DCAT-AP 3 (JSON-LD and RDF/XML), for national and European portals.

The graph is built with rdflib from the dataset registry at each request, so it always
lists what the platform publishes. URIs start at `SMARTCITY_SITE_URL`, the public
address: harvesters keep them as the datasets' identifiers. Texts are given in each of
the platform's languages, tagged; vocabularies are the EU's authority tables (data
themes, frequencies, file types, languages) and IANA media types, as DCAT-AP asks.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from smartcity.city.models import CityProfile
from smartcity.city.selectors import city_profile
from smartcity.config.site import absolute_url
from smartcity.opendata.exports import FILE_TYPES, MEDIA_TYPES
from smartcity.opendata.registry import (
    FILE_TYPE_BASE,
    FREQUENCY_BASE,
    THEME_BASE,
    Dataset,
    Distribution,
    datasets,
)

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
LANGUAGE_CODES = {"ro": "RON", "ru": "RUS", "en": "ENG"}
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/LocalAuthority"
IANA = "https://www.iana.org/assignments/media-types/"

CATALOGUE_TITLE = _("Open data of the municipality of Bălți")
CATALOGUE_DESCRIPTION = _(
    "The datasets of the Bălți Smart City Platform, read from the live data: reports of "
    "problems in the city, street lights, air quality, waste containers, public "
    "transport, events, organisations, the city strategy's indicators and progress, and "
    "the results of the skills study."
)


def _url(path: str) -> URIRef:
    return URIRef(absolute_url(path))


def _texts(graph: Graph, subject: URIRef | BNode, predicate: URIRef, text: object) -> None:
    """One literal per language, each tagged (a lazy string is rendered in each)."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            graph.add((subject, predicate, Literal(str(text), lang=code)))


def _when(moment: datetime.datetime | datetime.date) -> Literal:
    if isinstance(moment, datetime.datetime):
        value = moment.astimezone(datetime.UTC).replace(microsecond=0)
        return Literal(value.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)
    return Literal(moment.isoformat(), datatype=XSD.date)


def _publisher(graph: Graph, city: CityProfile | None) -> URIRef:
    agent = _url("/#publisher")
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, RDF.type, FOAF.Organization))
    name = city.name if city else "Primăria municipiului Bălți"
    graph.add((agent, FOAF.name, Literal(name, lang="ro")))
    graph.add((agent, DCTERMS.type, URIRef(PUBLISHER_TYPE)))
    if city and city.website:
        graph.add((agent, FOAF.homepage, URIRef(city.website)))
    return agent


def _contact(graph: Graph, city: CityProfile | None) -> BNode:
    contact = BNode()
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(city.name if city else "Bălți")))
    if city and city.email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{city.email}")))
    if city and city.info_phone:
        graph.add((contact, VCARD.hasTelephone, URIRef(f"tel:{city.info_phone.replace(' ', '')}")))
    graph.add((contact, VCARD.hasURL, _url(reverse("web:home"))))
    return contact


def _spatial(graph: Graph, city: CityProfile | None) -> BNode | None:
    if city is None:
        return None
    place = BNode()
    graph.add((place, RDF.type, DCTERMS.Location))
    graph.add((place, SKOS.prefLabel, Literal(city.name, lang="ro")))
    south, north = city.min_latitude, city.max_latitude
    west, east = city.min_longitude, city.max_longitude
    box = (
        f"POLYGON(({west} {south}, {east} {south}, {east} {north}, {west} {north}, {west} {south}))"
    )
    graph.add((place, DCAT.bbox, Literal(box, datatype=GSP.wktLiteral)))
    centre = f"POINT({city.center_longitude} {city.center_latitude})"
    graph.add((place, DCAT.centroid, Literal(centre, datatype=GSP.wktLiteral)))
    return place


def _distribution(graph: Graph, dataset: Dataset, fmt: str, landing: URIRef) -> URIRef:
    download = _url(reverse("opendata:download", args=[dataset.slug, fmt]))
    node = URIRef(f"{download}#distribution")
    graph.add((node, RDF.type, DCAT.Distribution))
    _texts(graph, node, DCTERMS.title, f"{dataset.title} ({fmt.upper()})")
    graph.add((node, DCAT.accessURL, landing))
    graph.add((node, DCAT.downloadURL, download))
    graph.add((node, DCTERMS.format, URIRef(FILE_TYPE_BASE + FILE_TYPES[fmt])))
    graph.add((node, DCAT.mediaType, URIRef(IANA + MEDIA_TYPES[fmt])))
    graph.add((node, DCTERMS.license, URIRef(dataset.licence.uri)))
    return node


def _extra_distribution(
    graph: Graph, dataset: Dataset, extra: Distribution, landing: URIRef
) -> URIRef:
    download = _url(extra.path())
    node = URIRef(f"{landing}#distribution-{extra.key}")
    graph.add((node, RDF.type, DCAT.Distribution))
    _texts(graph, node, DCTERMS.title, extra.title)
    graph.add((node, DCAT.accessURL, landing))
    graph.add((node, DCAT.downloadURL, download))
    graph.add((node, DCTERMS.format, URIRef(FILE_TYPE_BASE + extra.file_type)))
    if extra.iana:
        graph.add((node, DCAT.mediaType, URIRef(IANA + extra.media_type)))
    else:
        # DCAT-AP's dcat:mediaType takes IANA's register only; an unregistered type
        # (GTFS-Realtime's application/x-protobuf) is still told, as a plain literal.
        graph.add((node, DCTERMS.description, Literal(extra.media_type)))
    if extra.conforms_to:
        standard = URIRef(extra.conforms_to)
        graph.add((standard, RDF.type, DCTERMS.Standard))
        graph.add((node, DCTERMS.conformsTo, standard))
    graph.add((node, DCTERMS.license, URIRef(dataset.licence.uri)))
    return node


def _dataset(
    graph: Graph,
    dataset: Dataset,
    *,
    publisher: URIRef,
    city: CityProfile | None,
    modified: datetime.datetime | None,
) -> URIRef:
    landing = _url(reverse("opendata:dataset", args=[dataset.slug]))
    node = URIRef(f"{landing}#dataset")
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(dataset.slug)))
    _texts(graph, node, DCTERMS.title, dataset.title)
    _texts(graph, node, DCTERMS.description, dataset.description)
    for keyword in dataset.keywords:
        _texts(graph, node, DCAT.keyword, keyword)
    for code in dataset.themes:
        graph.add((node, DCAT.theme, URIRef(THEME_BASE + code)))
    graph.add((node, DCTERMS.publisher, publisher))
    graph.add((node, DCAT.contactPoint, _contact(graph, city)))
    graph.add((node, DCAT.landingPage, landing))
    graph.add((node, DCTERMS.accrualPeriodicity, URIRef(FREQUENCY_BASE + dataset.frequency)))
    graph.add((node, DCTERMS.issued, _when(dataset.issued)))
    if modified is not None:
        graph.add((node, DCTERMS.modified, _when(modified)))
    for code in LANGUAGE_CODES.values():
        graph.add((node, DCTERMS.language, URIRef(EU_LANGUAGE + code)))
    spatial = _spatial(graph, city)
    if spatial is not None:
        graph.add((node, DCTERMS.spatial, spatial))
    period = dataset.temporal()
    if period is not None:
        temporal = BNode()
        graph.add((temporal, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((temporal, DCAT.startDate, _when(period[0])))
        graph.add((temporal, DCAT.endDate, _when(period[1])))
        graph.add((node, DCTERMS.temporal, temporal))
    licence = URIRef(dataset.licence.uri)
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
    graph.add((licence, DCTERMS.title, Literal(dataset.licence.title, lang="en")))
    for fmt in dataset.formats:
        graph.add((node, DCAT.distribution, _distribution(graph, dataset, fmt, landing)))
    for extra in dataset.distributions:
        graph.add((node, DCAT.distribution, _extra_distribution(graph, dataset, extra, landing)))
    return node


def catalogue_graph() -> Graph:
    """The whole catalogue: dcat:Catalog with every registered dcat:Dataset."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("locn", LOCN),
        ("skos", SKOS),
    ):
        graph.bind(prefix, namespace)
    city = city_profile()
    homepage = _url(reverse("opendata:catalog"))
    catalogue = URIRef(f"{homepage}#catalog")
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    _texts(graph, catalogue, DCTERMS.title, CATALOGUE_TITLE)
    _texts(graph, catalogue, DCTERMS.description, CATALOGUE_DESCRIPTION)
    publisher = _publisher(graph, city)
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, FOAF.homepage, homepage))
    graph.add((catalogue, DCAT.themeTaxonomy, URIRef(THEME_BASE.rstrip("/"))))
    for code in LANGUAGE_CODES.values():
        graph.add((catalogue, DCTERMS.language, URIRef(EU_LANGUAGE + code)))
    spatial = _spatial(graph, city)
    if spatial is not None:
        graph.add((catalogue, DCTERMS.spatial, spatial))
    latest = None
    for dataset in datasets():
        # A dataset's modified() queries its data: read once for the dataset and the catalogue.
        modified = dataset.modified()
        node = _dataset(graph, dataset, publisher=publisher, city=city, modified=modified)
        graph.add((catalogue, DCAT.dataset, node))
        if modified is not None and (latest is None or modified > latest):
            latest = modified
    if latest is not None:
        graph.add((catalogue, DCTERMS.modified, _when(latest)))
    return graph


# The catalogue changes when a dataset's data does; harvesters read it a few times a
# day, and a crawler's burst is served from the kept copy rather than rebuilt each time.
CATALOGUE_SECONDS = 30


def _kept(fmt: str, build: Callable[[], str]) -> str:
    key = f"opendata:dcat:{fmt}:{settings.SMARTCITY_SITE_URL}"
    text = caches["responses"].get(key)
    if text is None:
        text = build()
        caches["responses"].set(key, text, CATALOGUE_SECONDS)
    return text


def catalogue_jsonld() -> str:
    """The catalogue in JSON-LD (at most CATALOGUE_SECONDS old)."""
    return _kept("jsonld", lambda: catalogue_graph().serialize(format="json-ld", auto_compact=True))


def catalogue_rdfxml() -> str:
    """The catalogue in RDF/XML (at most CATALOGUE_SECONDS old)."""
    return _kept("rdf", lambda: catalogue_graph().serialize(format="pretty-xml"))
