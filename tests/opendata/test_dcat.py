"""The DCAT-AP catalogue parses as RDF and carries DCAT-AP's classes and properties."""

from __future__ import annotations

import datetime

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from smartcity.opendata import registry

from .conftest import NOW

VCARD = "http://www.w3.org/2006/vcard/ns#"


@pytest.fixture(params=[("catalog.jsonld", "json-ld"), ("catalog.rdf", "xml")])
def graph(request, client, reported):
    reported(at=NOW - datetime.timedelta(days=2), close_at=NOW - datetime.timedelta(days=1))
    path, rdf_format = request.param
    response = client.get(f"/opendata/{path}")
    assert response.status_code == 200
    parsed = Graph()
    parsed.parse(data=response.content.decode(), format=rdf_format)
    return parsed


def one(graph: Graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert values, (subject, predicate)
    return values[0]


def test_the_catalogue_is_a_dcat_catalog_with_its_publisher_and_homepage(graph):
    catalogues = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert catalogues == [URIRef("http://testserver/opendata/#catalog")]
    catalogue = catalogues[0]
    titles = {t.language: str(t) for t in graph.objects(catalogue, DCTERMS.title)}
    assert set(titles) == {"ro", "ru", "en"}
    assert titles["ro"] == "Date deschise ale municipiului Bălți"
    assert one(graph, catalogue, DCTERMS.description)
    publisher = one(graph, catalogue, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert one(graph, publisher, FOAF.name)
    assert one(graph, catalogue, FOAF.homepage) == URIRef("http://testserver/opendata/")
    assert one(graph, catalogue, DCTERMS.modified)
    assert len(list(graph.objects(catalogue, DCAT.dataset))) == len(registry.datasets())


def test_every_dataset_has_the_mandatory_and_recommended_properties(graph):
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == len(registry.datasets())
    for dataset in datasets:
        for predicate in (
            DCTERMS.title,
            DCTERMS.description,
            DCTERMS.publisher,
            DCAT.distribution,
            DCAT.theme,
            DCAT.keyword,
            DCTERMS.issued,
            DCTERMS.language,
            DCTERMS.spatial,
            DCTERMS.accrualPeriodicity,
            DCAT.landingPage,
        ):
            one(graph, dataset, predicate)
        contact = one(graph, dataset, DCAT.contactPoint)
        assert (contact, RDF.type, URIRef(VCARD + "Organization")) in graph
        assert str(one(graph, contact, URIRef(VCARD + "hasEmail"))).startswith("mailto:")
        assert str(one(graph, dataset, DCAT.theme)).startswith(registry.THEME_BASE)
        assert (one(graph, dataset, DCTERMS.spatial), DCAT.bbox, None) in graph


def test_every_distribution_has_its_urls_format_media_type_and_licence(graph):
    distributions = list(graph.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) == sum(
        len(d.formats) + len(d.distributions) for d in registry.datasets()
    )
    unregistered = {
        f"{d.slug}/#distribution-{x.key}" for d in registry.datasets() for x in d.distributions
    } - {
        f"{d.slug}/#distribution-{x.key}"
        for d in registry.datasets()
        for x in d.distributions
        if x.iana
    }
    for distribution in distributions:
        assert str(one(graph, distribution, DCAT.downloadURL)).startswith("http://testserver/")
        one(graph, distribution, DCAT.accessURL)
        assert "file-type" in str(one(graph, distribution, DCTERMS.format))
        if not any(str(distribution).endswith(key) for key in unregistered):
            assert "iana.org" in str(one(graph, distribution, DCAT.mediaType))
        else:
            assert (distribution, DCAT.mediaType, None) not in graph
        licence = one(graph, distribution, DCTERMS.license)
        assert (licence, RDF.type, DCTERMS.LicenseDocument) in graph


def test_a_dataset_tells_when_it_changed_and_the_period_it_covers(graph):
    dataset = URIRef("http://testserver/opendata/service-requests/#dataset")
    assert one(graph, dataset, DCTERMS.modified).toPython() == NOW - datetime.timedelta(days=1)
    period = one(graph, dataset, DCTERMS.temporal)
    assert one(graph, period, DCAT.startDate).toPython() == NOW - datetime.timedelta(days=2)
    licences = {one(graph, d, DCTERMS.license) for d in graph.objects(dataset, DCAT.distribution)}
    assert licences == {URIRef("http://creativecommons.org/licenses/by/4.0/")}
    keywords = {(str(k), k.language) for k in graph.objects(dataset, DCAT.keyword)}
    assert ("Open311", "ro") in keywords


def test_the_catalogue_can_be_queried_with_sparql(graph):
    rows = graph.query(
        """
        PREFIX dcat: <http://www.w3.org/ns/dcat#>
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?dataset ?url WHERE {
          ?catalog a dcat:Catalog ; dcat:dataset ?dataset .
          ?dataset dcat:distribution ?d .
          ?d dct:format <http://publications.europa.eu/resource/authority/file-type/GEOJSON> ;
             dcat:downloadURL ?url .
        }
        """
    )
    urls = {str(row.url) for row in rows}
    assert "http://testserver/opendata/street-lights.geojson" in urls
    assert "http://testserver/opendata/events.geojson" not in urls
