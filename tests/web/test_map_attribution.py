"""Every map names its tiles' source as the settings say, with a link, and nothing in
the settings' text can become markup."""

from __future__ import annotations

import html
import re

import pytest

MAP_PAGES = ["/requests/", "/requests/new/", "/waste/", "/environment/air/", "/lighting/"]


@pytest.fixture
def attribution(settings):
    settings.SMARTCITY_MAP_TILE_URL = "https://tiles.balti.md/{z}/{x}/{y}.png"
    settings.SMARTCITY_MAP_TILE_ATTRIBUTION = 'Primăria Bălți <b>"tiles"</b>'
    settings.SMARTCITY_MAP_TILE_ATTRIBUTION_URL = "https://tiles.balti.md/licence?a=1&b=2"


def _attribution_of(page: str) -> str:
    """The HTML the map script hands Leaflet's attribution control (the data- attribute
    unescaped once, as the browser's dataset does)."""
    found = re.search(r'data-attribution="([^"]*)"', page)
    assert found, "the map carries no attribution"
    return html.unescape(found.group(1))


@pytest.mark.parametrize("path", MAP_PAGES)
def test_a_page_with_a_map_carries_the_configured_attribution(client, balti, attribution, path):
    page = client.get(path).content.decode()
    assert _attribution_of(page) == (
        '<a href="https://tiles.balti.md/licence?a=1&amp;b=2">'
        "Primăria Bălți &lt;b&gt;&quot;tiles&quot;&lt;/b&gt;</a>"
    )


def test_an_attribution_without_an_address_is_text_alone(client, balti, settings):
    settings.SMARTCITY_MAP_TILE_ATTRIBUTION = "Tiles <i>by</i> the city"
    settings.SMARTCITY_MAP_TILE_ATTRIBUTION_URL = ""
    page = client.get("/waste/").content.decode()
    assert _attribution_of(page) == "Tiles &lt;i&gt;by&lt;/i&gt; the city"
