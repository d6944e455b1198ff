from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from brug.accounts import oidc as accounts_oidc
from brug.accounts import views as accounts_views
from brug.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    # The API first: a script's request is resolved without trying every page's pattern (no
    # other pattern starts with "api/", so the order decides nothing else).
    path("api/", include("brug.config.api_urls")),
    # The schema and its documentation are public: served alike to everyone, so a script that
    # sends its API token along is not refused for want of a scope (no authentication here).
    path("api/schema/", SpectacularAPIView.as_view(authentication_classes=[]), name="api-schema"),
    # Swagger UI's script comes from a separate URL (no inline script); its own styles are inline.
    path(
        "api/docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema", authentication_classes=[])
        ),
        name="api-docs",
    ),
    path("aanmelden/", accounts_views.LoginView.as_view(), name="login"),
    path("afmelden/", accounts_oidc.logout, name="logout"),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("taal/", set_language, name="set_language"),
    path("account/", include("brug.accounts.urls")),
    path("privacy/", core_views.statement, {"name": "privacy"}, name="privacy"),
    path(
        "toegankelijkheid/",
        core_views.statement,
        {"name": "accessibility"},
        name="accessibility",
    ),
    path("cookies/", core_views.statement, {"name": "cookies"}, name="cookies"),
    path("onderdelen/", core_views.all_sections, name="all-sections"),
    path("meldingen/", core_views.notifications, name="notifications"),
    path(
        "meldingen/alles-gelezen/",
        core_views.notifications_read_all,
        name="notifications-read-all",
    ),
    path("zoekopdrachten/", core_views.saved_searches, name="saved-searches"),
    path(
        "zoekopdrachten/<int:pk>/verwijderen/",
        core_views.saved_search_delete,
        name="saved-search-delete",
    ),
    path("zoekopdrachten/<int:pk>/email/", core_views.saved_search_mail, name="saved-search-mail"),
    path("taken/<int:pk>/", core_views.job_detail, name="job-detail"),
    path("taken/<int:pk>/voortgang/", core_views.job_progress, name="job-progress"),
    path("register/", include("brug.registry.urls")),
    path("werkplekleren/", include("brug.workplace.urls")),
    path("matching/", include("brug.matching.urls")),
    path("convenanten/", include("brug.covenants.urls")),
    path("onderwijsoverleg/", include("brug.education.urls")),
    path("kernwerking/", include("brug.corework.urls")),
    path("innovet/", include("brug.innovet.urls")),
    path("cijfers/", include("brug.monitoring.urls")),
    path("partnerschappen/", include("brug.partnerships.urls")),
    path("toegang/", include("brug.access.urls")),
    path("beheer/", admin.site.urls),
]
# MEDIA_ROOT is never served as a directory (not even in the demo): each file goes out through
# a view that asks the policy (brug.core.files.file_response).
handler400 = "brug.core.views.bad_request"
