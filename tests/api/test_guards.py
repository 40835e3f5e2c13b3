"""Malformed request targets are a 422 problem before routing, never silently replaced."""

from __future__ import annotations

import pytest

from gazetteer.api.guards import malformed_target


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("/v1/search?q=%ff", "not UTF-8"),
        ("/v1/search?q=Vladi%ffvostok", "not UTF-8"),
        ("/v1/search?q=%C3", "not UTF-8"),  # a truncated two-byte sequence
        ("/v1/search?q=%", "two hexadecimal digits"),
        ("/v1/search?q=50%", "two hexadecimal digits"),
        ("/v1/search?q=%zz", "two hexadecimal digits"),
        ("/v1/places/%ff", "not UTF-8"),
        ("/v1/places/vladi%", "two hexadecimal digits"),
    ],
)
def test_broken_percent_encodings_are_a_422_problem(client, path, why):
    response = client.get(path)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid_parameter" and why in body["detail"]


@pytest.mark.parametrize(
    "path", ["/v1/search?q=%D0%92%D0%BB%D0%B0%D0%B4%D0%B8%D0%B2%D0%BE%D1%81%D1%82%D0%BE%D0%BA",
             "/v1/search?q=%E6%B5%B7%E5%8F%82%E5%B4%B4", "/v1/search?q=Vladivostok+city"],
)
def test_well_formed_escapes_pass(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    ("raw_path", "query", "expected"),
    [(b"/x", b"q=%41", None), (b"/x", b"q=%4", "query string"), (b"/%e2%82", b"", "path"),
     (b"/x", b"q=%00", "NUL")],
)
def test_malformed_target_names_the_part(raw_path, query, expected):
    reason = malformed_target(raw_path, query)
    assert (reason is None) if expected is None else (expected in reason)
