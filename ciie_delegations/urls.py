from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from deals.bulletins import api as bulletins_api
from deals.dashboard import api as dashboard_api
from deals.directory import api as directory_api
from deals.needs import api as needs_api
from deals.rates import api as rates_api
from deals.records import api as records_api
from delegations.accounts.views import SetPasswordView
from delegations.deadlines import api as deadlines_api
from delegations.setup import api as setup_api
from purchasers.badges import api as badges_api
from purchasers.imports import api as import_api
from purchasers.invitations import api as invitations_api
from purchasers.invitations.urls import public_urlpatterns as invitation_public_urls
from purchasers.logistics import api as logistics_api
from purchasers.registration import api as purchasers_api
from purchasers.review import api as review_api

from . import health, views


class OptionsWithoutTemplate:
    """The documentation pages answer ``OPTIONS`` with their methods: the default answer is
    the page's metadata rendered through its HTML template, which has nothing to render."""

    def options(self, request, *args, **kwargs):
        response = HttpResponse()
        response["Allow"] = ", ".join(self.allowed_methods)
        return response


class SwaggerView(OptionsWithoutTemplate, SpectacularSwaggerView):
    pass


class RedocView(OptionsWithoutTemplate, SpectacularRedocView):
    pass


router = DefaultRouter()
# No ``.json`` routes: one address per resource; the format is the Accept header's.
router.include_format_suffixes = False
router.register("editions", setup_api.EditionViewSet, basename="api-edition")
router.register("zones", setup_api.ZoneViewSet, basename="api-zone")
router.register("regions", setup_api.RegionViewSet, basename="api-region")
router.register("delegations", setup_api.DelegationViewSet, basename="api-delegation")
router.register("sub-delegations", setup_api.SubDelegationViewSet, basename="api-sub-delegation")
router.register("review", review_api.ReviewViewSet, basename="api-review")
router.register("notices", review_api.NoticeViewSet, basename="api-notice")
router.register("registrations", purchasers_api.RegistrationViewSet, basename="api-registration")
router.register("invitations", invitations_api.InvitationViewSet, basename="api-invitation")

# Deals.
router.register("exhibitors", directory_api.ExhibitorViewSet, basename="api-exhibitor")
router.register(
    "exhibitor-proposals",
    directory_api.ExhibitorProposalViewSet,
    basename="api-exhibitor-proposal",
)
router.register("exchange-rates", rates_api.ExchangeRateViewSet, basename="api-exchange-rate")
router.register("deals", records_api.DealViewSet, basename="api-deal")
router.register("totals", dashboard_api.TotalsViewSet, basename="api-totals")
router.register("procurement-needs", needs_api.ProcurementNeedViewSet, basename="api-need")
router.register("meetings", needs_api.MeetingViewSet, basename="api-meeting")
router.register("deadlines", deadlines_api.DeadlineViewSet, basename="api-deadline")
# What the leading group reads.
router.register("bulletins", bulletins_api.BulletinViewSet, basename="api-bulletin")
router.register(
    "progress-reports", bulletins_api.ProgressReportViewSet, basename="api-progress-report"
)
router.register("unit-reports", bulletins_api.UnitReportViewSet, basename="api-unit-report")
router.register("reminders", deadlines_api.ReminderViewSet, basename="api-reminder")
router.register(
    "registration-imports",
    import_api.RegistrationImportViewSet,
    basename="api-registration-import",
)
# Badges.
router.register("badges", badges_api.BadgeViewSet, basename="api-badge")
router.register(
    "badge-status-imports", badges_api.BadgeStatusImportViewSet, basename="api-badge-status-import"
)

router.register("logistics", logistics_api.LogisticsViewSet, basename="api-logistics")

urlpatterns = [
    path("healthz/", health.healthz, name="healthz"),
    path("", views.home, name="home"),
    path("delegations/", views.delegation_index, name="delegation-list"),
    path("delegations/<int:pk>/", views.delegation_detail, name="delegation-detail"),
    path("sub-delegations/<int:pk>/", views.sub_delegation_detail, name="sub-delegation-detail"),
    path("review/", include("purchasers.review.urls")),
    path("review/", include("purchasers.checks.urls")),
    path("registrations/", include("purchasers.registration.urls")),
    path("logistics/", include("purchasers.logistics.urls")),
    path("deals/", include("deals.records.urls")),
    path("deals/", include("deals.imports.urls")),
    path("deals/exhibitors/", include("deals.directory.urls")),
    path("deals/needs/", include("deals.needs.urls")),
    path("deals/rates/", include("deals.rates.urls")),
    path("deadlines/", include("delegations.deadlines.urls")),
    path("setup/ownerships/", include("purchasers.ownership.urls")),
    path("setup/", include("delegations.setup.urls")),
    path("setup/", include("delegations.accounts.urls")),
    path("dashboard/", include("deals.dashboard.urls")),
    path("dashboard/", include("deals.exports.urls")),
    path("bulletins/", include("deals.bulletins.urls")),
    path("registrations/import/", include("purchasers.imports.urls")),
    path("badges/", include("purchasers.badges.urls")),
    path("invitations/", include("purchasers.invitations.urls")),
    path("i/", include(invitation_public_urls)),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/set-password/<uidb64>/<token>/",
        SetPasswordView.as_view(),
        name="set-password",
    ),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SwaggerView.as_view(url_name="schema"), name="api-docs"),
    path(
        "api/redoc/",
        RedocView.as_view(url_name="schema", template_name="api/redoc.html"),
        name="api-redoc",
    ),
]

handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error

admin.site.site_header = _("CIIE delegation manager")
admin.site.site_title = _("CIIE delegation manager")
