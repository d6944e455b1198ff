"""InnoVET offers and materials link back to the partnerships they belong to, and the
partnership page lists its offers and materials, both through the policy, within a fixed
number of queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from brug.innovet.models import MaterialStatus, OfferStatus
from brug.innovet.tests.factories import MaterialFactory, OfferFactory
from brug.partnerships import services
from brug.partnerships.models import PartnershipKind

from .test_register import TODAY, world  # noqa: F401


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _partnership(world: dict[str, Any], title: str, *, publish: bool = True) -> Any:
    return services.partnership_create(
        actor=world["guide"],
        owner=world["school"],
        kind=PartnershipKind.SCHOOL_COMPANY,
        title=title,
        goal="Samen lassen",
        theme="Lassen",
        start=TODAY - timedelta(days=10),
        publish=publish,
    )


def test_offer_and_material_pages_link_to_their_visible_partnerships(
    world: dict[str, Any],
) -> None:
    offer = OfferFactory(provider=world["school"], status=OfferStatus.PUBLISHED, title="Lascursus")
    material = MaterialFactory(
        provider=world["school"], status=MaterialStatus.APPROVED, title="Lesmap lassen"
    )
    hidden = _partnership(world, "Nog niet gepubliceerd", publish=False)
    for partnership in (world["welding"], hidden):
        services.partnership_link(
            actor=world["guide"], partnership=partnership, offers=[offer], materials=[material]
        )
    welding_url = reverse("partnerships:detail", args=[world["welding"].pk])
    hidden_url = reverse("partnerships:detail", args=[hidden.pk])
    for url in (
        reverse("innovet:offer-detail", args=[offer.pk]),
        reverse("innovet:material-detail", args=[material.pk]),
    ):
        # The public sees the published partnership only; its owner sees both.
        html = Client().get(url).content.decode()
        assert "Maakt deel uit van deze partnerschappen" in html
        assert welding_url in html and hidden_url not in html
        owner = Client()
        owner.force_login(world["guide"])
        html = owner.get(url).content.decode()
        assert welding_url in html and hidden_url in html
    page = Client().get(welding_url).content.decode()
    assert reverse("innovet:offer-detail", args=[offer.pk]) in page
    assert reverse("innovet:material-detail", args=[material.pk]) in page


def test_a_draft_material_is_not_listed_on_the_partnership_page(world: dict[str, Any]) -> None:
    material = MaterialFactory(provider=world["school"], status=MaterialStatus.APPROVED)
    services.partnership_link(
        actor=world["guide"], partnership=world["welding"], materials=[material]
    )
    material.status = MaterialStatus.DRAFT
    material.save(update_fields=["status"])
    page = Client().get(reverse("partnerships:detail", args=[world["welding"].pk]))
    assert reverse("innovet:material-detail", args=[material.pk]) not in page.content.decode()


def test_link_pages_query_count_does_not_grow(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["guide"])
    offer = OfferFactory(provider=world["school"], status=OfferStatus.PUBLISHED)
    material = MaterialFactory(provider=world["school"], status=MaterialStatus.APPROVED)
    services.partnership_link(
        actor=world["guide"], partnership=world["welding"], offers=[offer], materials=[material]
    )
    urls = (
        reverse("partnerships:detail", args=[world["welding"].pk]),
        reverse("innovet:offer-detail", args=[offer.pk]),
        reverse("innovet:material-detail", args=[material.pk]),
    )
    _count(client, urls[0])  # warm-up: roles and sessions
    few = tuple(_count(client, u) for u in urls)
    offers = [
        OfferFactory(provider=world["school"], status=OfferStatus.PUBLISHED) for _ in range(5)
    ]
    materials = [
        MaterialFactory(provider=world["school"], status=MaterialStatus.APPROVED) for _ in range(5)
    ]
    services.partnership_link(
        actor=world["guide"], partnership=world["welding"], offers=offers, materials=materials
    )
    for i in range(5):
        services.partnership_link(
            actor=world["guide"],
            partnership=_partnership(world, f"Extra {i}"),
            offers=[offer],
            materials=[material],
        )
    assert tuple(_count(client, u) for u in urls) == few
