from django.contrib import admin

from brug.registry import models as m


@admin.register(m.ReferenceList)
class ReferenceListAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["key", "title", "reference_date", "is_partial", "loaded_at"]
    list_filter = ["is_partial"]
    search_fields = ["key", "title", "source"]


@admin.register(m.Province)
class ProvinceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["nis_code", "name_nl", "name_en", "region"]
    list_filter = ["region"]
    search_fields = ["name_nl", "name_en", "nis_code"]


class PostalCodeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = m.PostalCode
    extra = 0


@admin.register(m.Municipality)
class MunicipalityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["nis_code", "name_nl", "name_fr", "province", "latitude", "longitude"]
    list_filter = ["province", ("latitude", admin.EmptyFieldListFilter)]
    search_fields = ["name_nl", "name_fr", "nis_code"]
    inlines = [PostalCodeInline]


@admin.register(m.PostalCode)
class PostalCodeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "locality", "municipality"]
    search_fields = ["code", "locality", "municipality__name_nl"]
    autocomplete_fields = ["municipality"]


@admin.register(m.RTCRegion)
class RTCRegionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name"]
    search_fields = ["name", "code"]
    filter_horizontal = ["provinces"]


@admin.register(m.EducationNetwork)
class EducationNetworkAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "short_name", "name"]
    search_fields = ["name", "short_name"]


@admin.register(m.StudyDomain)
class StudyDomainAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


class CompetenceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = m.Competence
    extra = 0


@admin.register(m.Qualification)
class QualificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "level"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    inlines = [CompetenceInline]


@admin.register(m.Competence)
class CompetenceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["qualification", "code", "order"]
    search_fields = ["description", "code", "qualification__name"]
    autocomplete_fields = ["qualification"]


@admin.register(m.Programme)
class ProgrammeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "finality", "grade", "study_domain", "is_dual"]
    list_filter = ["finality", "grade", "is_dual", "study_domain"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["qualifications"]


class JointCommitteeInline(admin.TabularInline):  # type: ignore[type-arg]
    model = m.JointCommittee
    extra = 0


@admin.register(m.Sector)
class SectorAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "name", "has_dual_partnership"]
    list_filter = ["has_dual_partnership"]
    search_fields = ["name", "code"]
    inlines = [JointCommitteeInline]


@admin.register(m.JointCommittee)
class JointCommitteeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["number", "name", "sector"]
    list_filter = ["sector"]
    search_fields = ["number", "name"]


class SiteInline(admin.TabularInline):  # type: ignore[type-arg]
    model = m.Site
    extra = 0
    raw_id_fields = ["municipality", "postal_code"]


@admin.register(m.Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "enterprise_number", "network", "is_demo"]
    list_filter = ["kind", "network", "is_demo", "sectors"]
    search_fields = ["name", "enterprise_number"]
    autocomplete_fields = ["sectors", "joint_committees"]
    inlines = [SiteInline]


@admin.register(m.Site)
class SiteAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "organisation", "municipality", "is_demo"]
    list_filter = ["is_demo", "municipality__province"]
    search_fields = ["name", "street", "organisation__name", "municipality__name_nl"]
    raw_id_fields = ["organisation", "postal_code"]
    autocomplete_fields = ["municipality"]
