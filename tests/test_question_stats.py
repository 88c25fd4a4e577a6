"""Question statistics: the formulas, and the report on seeded answers, checked by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from httpx import AsyncClient

from backend.tables import Answer, Participation, Question, User
from reports.headline import sus_grade
from reports.questions import csat, nps, summarize, sus
from tests.helpers import csrf_headers, signed_up

RETAIL = (Path(__file__).parent.parent / "campaigns/examples/retail.yaml").read_bytes()


def test_summary_of_a_distribution() -> None:
    summary = summarize({1: 1, 2: 1, 4: 2})

    # 1, 2, 4, 4: mean 11/4; median (2 + 4) / 2; sample variance 6.75 / 3 = 2.25.
    assert (summary.n, summary.mean, summary.median, summary.sd) == (4, 2.75, 3.0, 1.5)
    assert summary.distribution == {"1": 1, "2": 1, "4": 2}


def test_odd_count_median_and_single_answer() -> None:
    assert summarize({3: 2, 7: 1}).median == 3.0
    assert summarize({5: 1}).sd is None
    assert summarize({}).mean is None


def test_nps_csat_and_sus_by_hand() -> None:
    # 3 promoters (10, 10, 9), 1 passive (7), 2 detractors (3, 0) of 6: (3 - 2) / 6.
    assert nps({10: 2, 9: 1, 7: 1, 3: 1, 0: 1}) == 16.7
    assert csat({5: 1, 4: 1, 2: 2}) == 50.0
    best = [5, 1] * 5
    neutral = [3] * 10
    assert sus([best]) == 100.0
    assert sus([best, neutral]) == 75.0
    assert sus([[3] * 9]) is None, "incomplete questionnaires are left out"


def test_sus_grades_follow_the_curved_scale_at_its_boundaries() -> None:
    grades = {
        score: sus_grade(score)
        for score in (100, 84.1, 84.0, 80.8, 78.9, 77.2, 74.1, 72.6, 71.1, 65.0, 64.9, 62.7, 51.7)
    }
    assert grades == {
        100: "A+",
        84.1: "A+",
        84.0: "A",
        80.8: "A",
        78.9: "A-",
        77.2: "B+",
        74.1: "B",
        72.6: "B-",
        71.1: "C+",
        65.0: "C",
        64.9: "C-",
        62.7: "C-",
        51.7: "D",
    }
    assert sus_grade(51.6) == "F"
    assert sus_grade(0) == "F"


@pytest.mark.anyio
async def test_report_statistics_on_seeded_answers(client: AsyncClient) -> None:
    await signed_up(client, "cfo@northwind.test", role="client", organization="Northwind")
    headers = {**await csrf_headers(client), "content-type": "application/yaml"}
    campaign = (
        await client.post("/api/v1/campaigns/import", content=RETAIL, headers=headers)
    ).json()
    questions = {
        row["key"]: row["id"]
        for row in await Question.select(Question.key, Question.id).where(
            Question.campaign == campaign["id"]
        )
    }
    # NPS answers: en-GB 10, 9, 3; de-DE 6. SUS: one perfect en-GB tester, one neutral de-DE.
    testers = [
        ("en-GB", 10, [5, 1] * 5),
        ("en-GB", 9, None),
        ("en-GB", 3, None),
        ("de-DE", 6, [3] * 10),
    ]
    for n, (locale, recommend, sus_items) in enumerate(testers):
        user = await User.insert(
            User(email=f"t{n}@e.test", name="T", password_hash="x", role="tester")
        )
        participation = (
            await Participation.insert(
                Participation(
                    campaign=campaign["id"],
                    tester=user[0]["id"],
                    pseudonym=f"T-{n}",
                    locale=locale,
                    country=locale[-2:],
                    state="submitted",
                )
            )
        )[0]["id"]
        values = {"recommend": recommend, "checkout_ease": 6 - n}
        values |= {f"sus_{i + 1}": score for i, score in enumerate(sus_items or [])}
        await Answer.insert(
            *(
                Answer(
                    participation=participation,
                    question=questions[key],
                    campaign=campaign["id"],
                    locale=locale,
                    number=value,
                )
                for key, value in values.items()
            )
        )
        # Club benefits: en-GB picks [discounts, free_returns], [discounts], [events];
        # de-DE picks [free_returns]. Return feelings are text.
        picks = [["discounts", "free_returns"], ["discounts"], ["events"], ["free_returns"]][n]
        await Answer.insert(
            Answer(
                participation=participation,
                question=questions["club_value"],
                campaign=campaign["id"],
                locale=locale,
                choices=picks,
            ),
            Answer(
                participation=participation,
                question=questions["return_feeling"],
                campaign=campaign["id"],
                locale=locale,
                text=f"feeling {n}",
            ),
        )

    whole = (await client.get(f"/api/v1/campaigns/{campaign['id']}/report")).json()
    report = whole["questions"]

    rows = {(r["question"], r["locale"]): r for r in report["statistics"]}
    assert rows["recommend", "en-GB"]["summary"]["n"] == 3
    assert rows["recommend", "en-GB"]["summary"]["median"] == 9.0
    # en-GB: 2 promoters, 1 detractor of 3; all: 2 promoters, 2 detractors of 4.
    assert rows["recommend", "en-GB"]["score"] == 33.3
    assert rows["recommend", "all"]["score"] == 0.0
    assert rows["recommend", "fr-FR"]["summary"]["n"] == 0
    assert report["sus"] == {"en-GB": 100.0, "fr-FR": None, "de-DE": 50.0, "all": 75.0}
    assert "promoters" in report["formulas"]["NPS"]

    choices = {(c["question"], c["locale"]): c for c in report["choices"]}
    club_en = choices["club_value", "en-GB"]
    assert club_en["n"] == 3
    assert [(o["option"], o["count"], o["share"]) for o in club_en["options"]] == [
        ("discounts", 2, 0.667),
        ("free_returns", 1, 0.333),
        ("early_access", 0, 0.0),
        ("events", 1, 0.333),
    ]
    assert choices["club_value", "all"]["options"][1]["count"] == 2
    assert choices["size_confidence", "de-DE"]["n"] == 0
    texts = {(t["question"], t["locale"]): t for t in report["texts"]}
    assert texts["return_feeling", "en-GB"]["n"] == 3
    assert texts["return_feeling", "en-GB"]["answers"] == ["feeling 2", "feeling 1", "feeling 0"]
    assert texts["return_feeling", "de-DE"]["answers"] == ["feeling 3"]

    page = await client.get(f"/campaigns/{campaign['id']}/report")
    assert page.status_code == 200
    assert "Which club benefits matter most to you? Pick up to two." in page.text
    assert "2 (50%)" in page.text, "discounts: 2 of the 4 testers in all locales"
    assert '<li lang="en-GB">feeling 2</li>' in page.text
    assert "NPS 0.0" in page.text

    # The headline: 4 of 3 × 10 testers done; SUS 75.0 is a B (74.1 to 77.1) against the
    # average 68; 2 promoters (10, 9) and 2 detractors (3, 6) of 4; no SEQ question answered.
    headline = whole["headline"]
    assert (headline["testers_done"], headline["quota"], headline["completion"]) == (4, 30, 0.133)
    assert (headline["sus"], headline["sus_grade"], headline["sus_average"]) == (75.0, "B", 68.0)
    assert headline["nps"] == {
        "score": 0.0,
        "n": 4,
        "detractors": 0.5,
        "passives": 0.0,
        "promoters": 0.5,
    }
    assert (headline["seq"], headline["seq_n"]) == (4.5, 4), "checkout_ease: 6, 5, 4, 3"
    assert "Grade B; the average is 68" in page.text
    assert "Detractors 50%" in page.text
    # Charts that fit each question: the NPS split, SUS items diverging from 3; all locales
    # together on the dashboard, each locale side by side on the question's own page.
    assert "Detractors (0 to 6), passives (7 and 8) and promoters (9 and 10)" in page.text
    assert 'class="tone-promoters"' in page.text
    assert "Answers from 1 to 5: below the middle" in page.text
    assert 'class="tone-neg-3"' in page.text, "the SUS answers of 1"
    base = f"/campaigns/{campaign['id']}/report/questions"
    assert f'href="{base}/recommend"' in page.text
    recommend = await client.get(f"{base}/recommend")
    item = await client.get(f"{base}/sus_1")
    assert recommend.status_code == 200
    assert "promoters (9 and 10), by locale" in recommend.text
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td><svg class="kind-bar"', recommend.text)
    assert rows == ["en-GB", "de-DE", "All locales"], "locales with answers, then all"
    assert "<td>33.3</td>" in recommend.text, "en-GB's NPS in the table"
    assert "Answers from 1 to 5 by locale" in item.text
    assert (await client.get(f"{base}/return_feeling")).status_code == 404, "no figures"
    # Questions asked at a step: a line each in journey order, not a chart each.
    at_steps = page.text[page.text.index('id="asked-at-steps"') :]
    assert f'href="{base}/checkout_ease">Overall, how easy or difficult was the checkout?' in (
        at_steps
    )
    assert "SEQ 4.5" in at_steps
    assert 'id="q-checkout_ease"' not in page.text
    assert at_steps.index("checkout_ease") < at_steps.index("arrived_on_time")
    assert (await client.get(f"{base}/nothing")).status_code == 404
