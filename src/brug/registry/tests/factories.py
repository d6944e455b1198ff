"""Factories for tests. Reference rows made here are test fixtures, not reference data."""

from __future__ import annotations

import factory

from brug.registry import models as m


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Province
        django_get_or_create = ("nis_code",)

    nis_code = "10000"
    name_nl = "Antwerpen"
    name_en = "Antwerp"
    region = m.Region.FLANDERS


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Municipality
        django_get_or_create = ("nis_code",)

    nis_code = factory.Sequence(lambda n: f"{90000 + n}")
    name_nl = factory.Sequence(lambda n: f"Testgemeente {n}")
    province = factory.SubFactory(ProvinceFactory)
    latitude = 51.2194
    longitude = 4.4025


class PostalCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.PostalCode

    code = factory.Sequence(lambda n: f"{1000 + n % 8999}")
    locality = factory.Sequence(lambda n: f"Plaats {n}")
    municipality = factory.SubFactory(MunicipalityFactory)


class RTCRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.RTCRegion
        django_get_or_create = ("code",)

    code = "rtc-antwerpen"
    name = "RTC Antwerpen"


class EducationNetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.EducationNetwork
        django_get_or_create = ("code",)

    code = "go"
    short_name = "GO!"
    name = "GO! onderwijs van de Vlaamse Gemeenschap"


class StudyDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.StudyDomain
        django_get_or_create = ("code",)

    code = "stem"
    name = "STEM"


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Qualification

    code = factory.Sequence(lambda n: f"BK-T{n:04d}")
    name = factory.Sequence(lambda n: f"Testkwalificatie {n}")
    level = 4


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Competence

    qualification = factory.SubFactory(QualificationFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    description = factory.Sequence(lambda n: f"Competentie {n}")
    order = factory.Sequence(lambda n: n)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Programme

    code = factory.Sequence(lambda n: f"PRG{n:04d}")
    name = factory.Sequence(lambda n: f"Testopleiding {n}")
    finality = m.Finality.LABOUR_MARKET
    grade = 3
    study_domain = factory.SubFactory(StudyDomainFactory)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Sector

    code = factory.Sequence(lambda n: f"sector-{n}")
    name = factory.Sequence(lambda n: f"Sector {n}")


class JointCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.JointCommittee

    number = factory.Sequence(lambda n: f"{500 + n}")
    name = factory.Sequence(lambda n: f"Paritair comité {n}")
    sector = factory.SubFactory(SectorFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Organisation
        skip_postgeneration_save = True

    kind = m.OrganisationKind.COMPANY
    name = factory.Sequence(lambda n: f"Organisatie {n}")

    @factory.post_generation
    def sectors(self, create: bool, extracted: list[m.Sector] | None, **kwargs: object) -> None:
        if not create:
            return
        if extracted is not None:
            self.sectors.set(extracted)
        elif self.kind in {
            m.OrganisationKind.COMPANY,
            m.OrganisationKind.SECTOR_FUND,
            m.OrganisationKind.PARTNERSHIP,
        }:
            self.sectors.set([SectorFactory()])

    @factory.post_generation
    def defaults_for_kind(self, create: bool, extracted: object, **kwargs: object) -> None:
        if not create:
            return
        changed = False
        if (
            self.kind in {m.OrganisationKind.SCHOOL, m.OrganisationKind.SUPPORT_SERVICE}
            and self.network_id is None
        ):
            self.network = EducationNetworkFactory()
            changed = True
        if self.kind == m.OrganisationKind.RTC and self.rtc_region_id is None:
            region = RTCRegionFactory()
            region.provinces.add(ProvinceFactory())
            self.rtc_region = region
            changed = True
        if changed:
            self.save()


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Site

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Vestiging {n}")
    street = "Teststraat 1"
    municipality = factory.SubFactory(MunicipalityFactory)
    latitude = factory.LazyAttribute(lambda s: s.municipality.latitude)
    longitude = factory.LazyAttribute(lambda s: s.municipality.longitude)
