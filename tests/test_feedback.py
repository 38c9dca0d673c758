"""Personal data is scrubbed before storage; the content-gap report groups what residents asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SECRET_NAME, sql_log_of_feedback

from assistant.cli import main
from assistant.feedback import FeedbackError, FeedbackStore, scrub
from assistant.web.ratelimit import RateLimiter, client_address, parse_networks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail me op jan.de.vries@gmail.com", "mail me op [e-mail]"),
        ("bel 06-12345678 of +31 6 1234 5678", "bel [telefoon] of [telefoon]"),
        ("tel 020 123 4567 of 0201234567", "tel [telefoon] of [telefoon]"),
        ("0800-0113", "[telefoon]"),
        ("mijn bsn is 123456789", "mijn bsn is [nummer]"),
        ("ik woon op 1234 AB 12", "ik woon op [adres]"),
        ("rekening NL91 ABNA 0417 1643 00", "rekening [iban]"),
        ("zie https://x.nl/a?token=abc", "zie [link]"),
    ],
)
def test_scrub_removes_personal_data(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Wat kost Buurtbemiddeling in 2024?", "eenzaamheid bij 65-plussers", "bel 112 of 113", "3500 woningen"],
)
def test_scrub_keeps_ordinary_questions(text: str) -> None:
    assert scrub(text) == text


def test_report_groups_spellings_and_counts(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "sub" / "fb.sqlite3")
    for q in ("Hoe maak ik lasagne?", "hoe maak ik LASAGNE", "Wat is de hoofdstad van Peru?"):
        store.add_refused(q, "nl")
    store.add_rating("Wat is Buurtbemiddeling?", "down", ["Buurtbemiddeling"], "te lang")
    store.add_rating("Wat is Buurtbemiddeling", "down", ["Buurtbemiddeling", "Kanjertraining"])
    store.add_rating("Wat doet Welzijn op Recept?", "up", ["Welzijn op Recept"])
    report = store.report()
    assert report.totals == {"refused": 3, "down": 2, "up": 1}
    assert report.refused == [("Hoe maak ik lasagne?", 2), ("Wat is de hoofdstad van Peru?", 1)]
    assert report.thumbs_down == [("Wat is Buurtbemiddeling?", 2)]
    assert report.down_by_approach == [("Buurtbemiddeling", 2), ("Kanjertraining", 1)]
    md = report.to_markdown()
    assert "| 2 | Hoe maak ik lasagne? |" in md and "| 2 | Buurtbemiddeling |" in md


def test_report_on_an_empty_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FeedbackError, match="nog geen feedback"):
        FeedbackStore(tmp_path / "none.sqlite3").report()


def test_sql_logging_shows_no_stored_text(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    text = sql_log_of_feedback(FeedbackStore(tmp_path / "f.sqlite3"), caplog)
    for part in SECRET_NAME.split():
        assert part not in text


def test_bad_rating_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="up"):
        FeedbackStore(tmp_path / "fb.sqlite3").add_rating("vraag", "meh")


def test_report_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "fb.sqlite3"
    monkeypatch.setenv("WIJKWIJZER_FEEDBACK_DB", str(db))
    assert main(["report"]) == 1
    assert "nog geen feedback" in capsys.readouterr().err
    FeedbackStore(db).add_refused("Waar kan ik mijn paspoort ophalen?")
    assert main(["report", "-o", str(tmp_path / "gaps.md")]) == 0
    assert "paspoort" in (tmp_path / "gaps.md").read_text()
    assert main(["report"]) == 0
    assert "| 1 | Waar kan ik mijn paspoort ophalen? |" in capsys.readouterr().out


# -- rate limiting -------------------------------------------------------------------------------------
def test_rate_limiter_refills_over_time() -> None:
    now = [0.0]
    limiter = RateLimiter(6, clock=lambda: now[0])  # one per 10 s
    assert [limiter.check("a") for _ in range(6)] == [None] * 6
    wait = limiter.check("a")
    assert wait is not None and 9.9 < wait <= 10.0
    assert limiter.check("b") is None  # other clients have their own budget
    now[0] = 10.0
    assert limiter.check("a") is None
    assert limiter.check("a") is not None


def test_rate_limit_zero_is_off() -> None:
    limiter = RateLimiter(0)
    assert not limiter.enabled
    assert all(limiter.check("a") is None for _ in range(1000))


def test_rate_limiter_keeps_no_plain_addresses_and_forgets_idle_clients() -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0], max_clients=10)
    for i in range(10):
        limiter.check(f"192.0.2.{i}")
    assert not any("192.0.2" in key for key in limiter._buckets)
    now[0] = 120.0
    limiter.check("198.51.100.1")
    assert len(limiter._buckets) == 1


def test_client_address_behind_proxies() -> None:
    trusted = parse_networks(["10.0.0.0/8", "127.0.0.1"])
    xff = {"x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2"}
    assert client_address("10.0.0.1", xff, trusted) == "203.0.113.9"  # right-most untrusted hop
    assert client_address("198.51.100.7", xff, trusted) == "198.51.100.7"  # untrusted peer: header ignored
    assert client_address("10.0.0.1", {}, trusted) == "10.0.0.1"
    assert client_address("10.0.0.1", xff, []) == "10.0.0.1"
    with pytest.raises(ValueError, match="TRUSTED_PROXIES"):
        parse_networks(["not-an-ip"])
