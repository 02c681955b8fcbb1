from django.urls import path

from . import views

urlpatterns = [
    path("", views.setup_index, name="setup-index"),
    path("editions/", views.edition_index, name="setup-editions"),
    path("editions/new/", views.edition_edit, name="setup-edition-new"),
    path("editions/<int:number>/", views.edition_edit, name="setup-edition-edit"),
    path("delegations/new/", views.delegation_new, name="setup-delegation-new"),
    path("<int:pk>/", views.setup_detail, name="setup-detail"),
    path("<int:pk>/open/", views.open_registration, name="setup-open"),
    path("<int:pk>/sub-delegations/new/", views.sub_delegation_edit, name="setup-sub-new"),
    path(
        "<int:pk>/sub-delegations/<int:sub_pk>/", views.sub_delegation_edit, name="setup-sub-edit"
    ),
    path(
        "<int:pk>/sub-delegations/<int:sub_pk>/agencies/new/",
        views.lead_agency_edit,
        name="setup-agency-new",
    ),
    path(
        "<int:pk>/sub-delegations/<int:sub_pk>/agencies/<int:agency_pk>/",
        views.lead_agency_edit,
        name="setup-agency-edit",
    ),
    path("<int:pk>/units/new/", views.member_unit_edit, name="setup-unit-new"),
    path("<int:pk>/units/<int:unit_pk>/", views.member_unit_edit, name="setup-unit-edit"),
    path("<int:pk>/accounts/invite/", views.account_invite, name="setup-invite"),
    path(
        "<int:pk>/accounts/<int:user_pk>/<str:action>/",
        views.account_action,
        name="setup-account-action",
    ),
]
