"""Place summaries of search hits come from a per-process cache, emptied on rebuild."""

from __future__ import annotations

from sqlalchemy import event


def _count_statements(client, path: str, params: dict) -> tuple[int, dict]:
    engine = client.app.state.engine
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        body = client.get(path, params=params).json()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements), body


def test_a_repeated_search_does_not_touch_the_database(client):
    client.app.state.search.summaries.clear()
    first_count, first = _count_statements(client, "/v1/search", {"q": "Khabarovsk"})
    second_count, second = _count_statements(client, "/v1/search", {"q": "Khabarovsk"})
    assert first_count > 0
    assert second_count == 0
    assert first == second


def test_rebuilding_the_index_empties_the_cache(client):
    client.get("/v1/search", params={"q": "Vladivostok"})
    service = client.app.state.search
    service.rebuild()
    count, body = _count_statements(client, "/v1/search", {"q": "Vladivostok"})
    assert count > 0
    assert body["items"][0]["place"]["id"] == "vladivostok"
