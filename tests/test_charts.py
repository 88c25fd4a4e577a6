"""The geometry of the dashboard's question charts, computed by hand."""

from __future__ import annotations

from backend.http.charts import diverging, nps_bar


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
