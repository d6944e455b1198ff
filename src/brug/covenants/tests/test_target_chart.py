"""The covenant page's chart of commitments against their targets: who sees it, what it says."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from brug.accounts.tests.factories import user_with_role
from brug.covenants.tests.test_report_pdf import _covenant_with_progress

pytestmark = pytest.mark.django_db


def test_department_sees_values_against_targets_with_the_numbers(client: Any) -> None:
    covenant = _covenant_with_progress()
    client.force_login(user_with_role("department_work"))
    html = client.get(reverse("covenants:detail", args=[covenant.pk])).content.decode()
    assert "Verbintenissen tegenover hun streefwaarde" in html
    assert '<svg class="chart-svg"' in html
    # 9.876 of 12.345 = 80,0 %; 0,15 % of 0,20 % = 75,0 %; € 1.250,50 of € 25.000,00 = 5,0 %
    for text in ("80,0", "75,0", "5,0", "9.876 / 12.345", "€ 1.250,50 / € 25.000,00"):
        assert text in html, text


@pytest.mark.parametrize("role", ["public", "company_contact", "teacher", "learner"])
def test_outsiders_see_no_target_chart(client: Any, role: str) -> None:
    covenant = _covenant_with_progress()
    covenant.status = "approved"
    covenant.save()
    if role != "public":
        client.force_login(user_with_role(role))
    response = client.get(reverse("covenants:detail", args=[covenant.pk]))
    assert "chart-svg" not in response.content.decode()
    assert "9.876" not in response.content.decode()
