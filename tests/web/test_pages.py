"""The pages over HTTP, as a browser without JavaScript gets them: everything a translator reads
is in the server's HTML, every name carries its language, nothing points outside the app."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

PAGES = [
    "/",
    "/?q=" + quote("海參崴"),
    "/search/results?mode=prefix&q=Vla",
    "/places/vladivostok",
    "/places/vladivostok?at=1900",
    "/places/ussuriysk?at=1940&hl=ru",
    "/places/bolshoy-ussuriysky-island?hl=zh-Hans",
    "/sources/mnr-2023-public-map-norms",
    "/compare",
    "/compare?a=sbsm-2003-public-map-rules&b=mnr-2023-public-map-norms",
    "/annotate",
    "/docs",
    "/redoc",
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data"}


class Page(HTMLParser):
    """The attributes and text of a page, gathered once."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.names: list[tuple[str, str | None]] = []  # (text, lang) of every span.name
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag not in {"br", "input", "meta", "link", "img", "rect", "circle", "line", "path", "stop"}:
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and data.strip():
            _, attributes = self.stack[-1]
            if "name" in (attributes.get("class") or "").split():
                self.names.append((data.strip(), attributes.get("lang")))


def get_page(client: TestClient, path: str) -> tuple[str, Page]:
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    return response.text, Page(response.text)


@pytest.mark.parametrize("path", PAGES)
def test_no_page_refers_outside_the_app(client: TestClient, path: str) -> None:
    _, page = get_page(client, path)
    for tag, attributes in page.elements:
        for name, value in attributes.items():
            if name in URL_ATTRIBUTES and value:
                assert not re.match(r"^\s*([a-z][a-z0-9+.-]*:|//)", value, re.I) or value.startswith(
                    ("data:", "blob:")
                ), (path, tag, name, value)


@pytest.mark.parametrize("path", [p for p in PAGES if not p.startswith(("/docs", "/redoc"))])
def test_every_name_says_its_language_and_every_page_has_a_permalink(
    client: TestClient, path: str
) -> None:
    html, page = get_page(client, path)
    for text, lang in page.names:
        if re.search(r"[\u0400-\u04ff\u3400-\u9fff]", text):
            assert lang, (path, text)
    if "/search/results" not in path:
        assert re.search(r'<a class="permalink" rel="bookmark" href="[^"]+"', html), path
        assert '<html lang="' in html


def test_search_page_renders_hits_and_why_without_scripts(client: TestClient) -> None:
    html, _ = get_page(client, "/?q=" + quote("海參崴"))
    assert 'href="/places/vladivostok"' in html
    assert '<span class="label" lang="zh-Hans" title="zh-Hans">符拉迪沃斯托克</span>' in html
    assert '<span class="label" lang="ru" title="ru">Владивосток</span>' in html
    assert re.search(r'<span class="matched" lang="zh-Hant">海參崴</span>', html)
    assert "historical · exact" in html
    assert 'value="海參崴"' in html  # the box keeps the query


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("во Владивостоке", "inflection removed"),
        ("Haishenwai", "romanises"),
        ("Vladivostk", "1 edit"),
    ],
)
def test_search_explains_how_a_form_was_met(client: TestClient, query: str, expected: str) -> None:
    html, _ = get_page(client, "/?q=" + quote(query))
    first_hit = html.split('<li class="hit">')[1]
    assert 'href="/places/vladivostok"' in first_hit
    assert expected in first_hit


def test_results_fragment_is_the_list_alone(client: TestClient) -> None:
    html, _ = get_page(client, "/search/results?mode=prefix&q=" + quote("Влади"))
    assert "<html" not in html
    assert 'data-mode="prefix"' in html and 'href="/places/vladivostok"' in html


def test_place_page_says_which_form_to_write_and_cites_the_rule(client: TestClient) -> None:
    html, _ = get_page(client, "/places/vladivostok")
    row = html.split('data-context="prc-public-map"')[1].split("</tr>")[0]
    assert '<span class="name big" lang="zh-Hans">符拉迪沃斯托克（海参崴）</span>' in row
    assert 'href="/sources/mnr-2023-public-map-norms"' in row
    assert "item 14 (十四)" in row
    taiwan = html.split('data-context="taiwan"')[1].split("</tr>")[0]
    assert "No rule is recorded for zh-Hant in the context taiwan" in taiwan
    assert 'data-copy="符拉迪沃斯托克（海参崴）"' in row


def test_place_page_draws_the_timeline_and_lists_the_rest(client: TestClient) -> None:
    html, _ = get_page(client, "/places/ussuriysk")
    svg = html.split('<svg class="timeline"')[1].split("</svg>")[0]
    assert svg.count('class="solid"') >= 5  # Никольское … Уссурийск
    assert 'lang="ru">Ворошилов</text>' in svg
    assert 'class="mark attestation' in svg
    for section in ("current", "usage", "names", "attestations", "sources"):
        assert f'<section id="{section}"' in html
    assert 'href="/sources/' in html.split('<section id="attestations"')[1]


def test_approximate_dates_are_drawn_as_ranges(client: TestClient) -> None:
    # Khabarovsk is attested by a source dated "1885?": a hollow mark with the range its date
    # stands for.
    html, _ = get_page(client, "/places/khabarovsk")
    svg = html.split('<svg class="timeline"')[1].split("</svg>")[0]
    marks = [m.split("</g>")[0] for m in svg.split('<g class="mark attestation approximate">')[1:]]
    assert marks
    assert all('class="whisker"' in m and 'href="/sources/' in m for m in marks)
    assert any("cao-tingjie-1885-xiboli-dongpian-jiyao" in m for m in marks)


def test_date_control_shows_the_names_in_use_then(client: TestClient) -> None:
    html, _ = get_page(client, "/places/ussuriysk?at=1940")
    in_use = html.split('<section class="in-use"')[1].split("</section>")[0]
    assert "Certainly in use at 1940: Ворошилов." in in_use
    assert 'value="1940"' in html and '<line class="at"' in html


def test_status_of_a_contested_feature(client: TestClient) -> None:
    html, _ = get_page(client, "/places/bolshoy-ussuriysky-island")
    status = html.split('<section id="status"')[1].split("</section>")[0]
    assert "divided" in status and 'href="/sources/supplementary-agreement-2004"' in status


def test_interface_in_chinese_and_russian(client: TestClient) -> None:
    zh, _ = get_page(client, "/places/vladivostok?hl=zh-Hans")
    assert '<html lang="zh-Hans">' in zh and "应当使用的写法" in zh
    assert 'href="/sources/mnr-2023-public-map-norms?hl=zh-Hans"' in zh  # links keep the choice
    ru = client.get("/places/vladivostok", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).text
    assert '<html lang="ru">' in ru and "Какую форму писать" in ru


def test_source_and_compare_pages(client: TestClient) -> None:
    html, _ = get_page(client, "/sources/mnr-2023-public-map-norms")
    assert 'href="/places/vladivostok"' in html and "符拉迪沃斯托克（海参崴）" in html
    assert '<code class="address">' in html  # its address is shown, not linked
    html, _ = get_page(client, "/compare?a=sbsm-2003-public-map-rules&b=mnr-2023-public-map-norms")
    table = html.split('<table class="comparison">')[1]
    assert 'href="/places/vladivostok"' in table
    assert 'href="/sources/sbsm-2003-public-map-rules"' in table
    assert 'href="/sources/mnr-2023-public-map-norms"' in table
    assert '<option value="sbsm-2003-public-map-rules" selected>' in html


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/places/nowhere", 404, "place_not_found"),
        ("/sources/nothing", 404, "source_not_found"),
        ("/compare?a=nothing&b=mnr-2023-public-map-norms", 404, "source_not_found"),
        ("/places/vladivostok?at=soon", 422, "invalid_parameter"),
        ("/?q=" + "x" * 201, 422, None),
    ],
)
def test_errors_are_pages_too(client: TestClient, path: str, status: int, code: str | None) -> None:
    response = client.get(path)
    assert response.status_code == status
    if code:
        assert response.headers["content-type"].startswith("text/html")
        assert f'data-code="{code}"' in response.text


PAGE_PATHS = {
    "/", "/search/results", "/places/{place_id}", "/sources/{source_id}", "/compare",
    "/annotate", "/docs", "/redoc", "/favicon.ico",
}


def test_pages_stay_out_of_the_api_schema(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert paths and not paths & PAGE_PATHS, sorted(paths & PAGE_PATHS)
    assert not any(p.startswith("/static") for p in paths)


def test_docs_load_only_the_apps_own_assets(client: TestClient) -> None:
    for path, asset in (("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")):
        html = client.get(path).text
        src = re.search(rf'src="(/static/vendor/[^"]*{asset}[^"]*)"', html)
        assert src, html
        script = client.get(src.group(1))
        assert script.status_code == 200 and len(script.content) > 500_000
    assert '"validatorUrl": null' in client.get("/docs").text
    assert b"cdn.redoc.ly" not in client.get("/static/vendor/redoc/redoc.standalone.js").content


def test_the_page_gives_the_same_advice_as_the_api(client: TestClient, settings) -> None:  # type: ignore[no-untyped-def]
    """The dossier's shortcut (advice from the rows already read) answers as /v1 does."""
    from sqlmodel import Session

    from gazetteer.db import make_engine
    from gazetteer.views.dossier import find_place, place_dossier

    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        for place_id in ("vladivostok", "khabarovsk", "bolshoy-ussuriysky-island", "ussuriysk"):
            dossier = place_dossier(session, find_place(session, place_id))
            for advice in dossier.usage:
                api = client.get(
                    f"/v1/places/{place_id}/usage", params={"lang": advice.lang, "context": advice.context}
                ).json()
                assert advice.model_dump(mode="json") == api, (place_id, advice.context)
            assert dossier.timeline.model_dump(mode="json") == client.get(f"/v1/places/{place_id}/timeline").json()
            record = client.get(f"/v1/places/{place_id}").json()
            assert dossier.record.model_dump(mode="json") == record
    engine.dispose()


IMPORTED_PLACES = ["geonames-524901", "geonames-2027467", "geonames-2037013", "geonames-2017364"]


@pytest.fixture(scope="module")
def imported_client(imported_url: str):  # type: ignore[no-untyped-def]
    from gazetteer.config import Settings
    from gazetteer.main import create_app
    from tests.conftest import SEED_DIR

    with TestClient(create_app(Settings(database_url=imported_url, seed_dir=SEED_DIR))) as client:
        yield client


@pytest.mark.parametrize("place_id", IMPORTED_PLACES)
def test_pages_of_imported_places(imported_client: TestClient, place_id: str) -> None:
    """GeoNames places (one without any tagged name) get a page like curated ones."""
    html, _ = get_page(imported_client, f"/places/{place_id}")
    heading = html.split("<h1>")[1].split("</h1>")[0]
    assert re.sub(r"<[^>]+>|\s", "", heading)  # never an empty heading
    assert '<section id="usage"' in html and "No rule is recorded" in html
    html, _ = get_page(imported_client, f"/places/{place_id}?at=1900")
    assert '<section class="in-use"' in html
