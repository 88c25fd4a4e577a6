"""The geometry of the dashboard's question charts, computed by hand."""

from __future__ import annotations

from backend.http.charts import Bin, binned, diverging, nps_bar


def test_a_scale_diverges_from_its_middle() -> None:
    # Five answers on 1-5: one 1, two 3s (the middle), two 5s. The middle straddles the
    # centre, so the bar starts at 50 - 50 × (1/5 + 2/5 ÷ 2) = 30.
    parts = diverging({"1": 1, "3": 2, "5": 2}, 1, 5)

    assert [(p.label, p.x, p.width, p.tone) for p in parts] == [
        ("1", 30.0, 10.0, "neg-3"),
        ("2", 40.0, 0.0, "neg-2"),
        ("3", 40.0, 20.0, "mid"),
        ("4", 60.0, 0.0, "pos-2"),
        ("5", 60.0, 20.0, "pos-3"),
    ]
    seven = diverging({"2": 1, "6": 1}, 1, 7)
    assert [p.tone for p in seven] == ["neg-3", "neg-2", "neg-1", "mid", "pos-1", "pos-2", "pos-3"]
    assert (seven[1].x, seven[5].x) == (25.0, 50.0), "nothing in the middle: they meet at 50"
    assert diverging({}, 1, 5) == []


def test_nps_splits_the_whole_width() -> None:
    parts = nps_bar({"0": 1, "6": 1, "7": 1, "10": 1})

    assert [(p.tone, p.x, p.width) for p in parts] == [
        ("detractors", 0.0, 50.0),
        ("passives", 50.0, 25.0),
        ("promoters", 75.0, 25.0),
    ]
    assert nps_bar({}) == []


def test_few_numbers_keep_a_bar_each() -> None:
    assert binned({"3": 2, "10": 1}) == [Bin(3, 3, 2), Bin(10, 10, 1)]
    assert binned({}) == []


def test_many_whole_numbers_fall_into_ten_ranges_of_whole_width() -> None:
    answers = {str(value): 1 for value in range(0, 100)}
    answers["99"] = 5

    ranges = binned(answers)

    assert [(r.low, r.high) for r in ranges][:2] == [(0, 9), (10, 19)]
    assert (ranges[-1].low, ranges[-1].high, ranges[-1].count) == (90, 99, 14)
    assert sum(r.count for r in ranges) == 104, "every answer in one range"


def test_decimal_answers_keep_their_ends() -> None:
    answers = {str(value / 10): 1 for value in range(0, 25)}

    ranges = binned(answers, bins=5)

    assert len(ranges) == 5
    assert ranges[0].low == 0.0
    assert ranges[-1].high == 2.4
    assert sum(r.count for r in ranges) == 25
