from django.urls import path

from . import views

app_name = "setup"

urlpatterns = [
    path("", views.setup_index, name="index"),
    path("editions/", views.edition_index, name="editions"),
    path("editions/new/", views.edition_edit, name="edition-new"),
    path("editions/<int:number>/", views.edition_edit, name="edition-edit"),
    path("delegations/new/", views.delegation_new, name="delegation-new"),
    path("<int:pk>/", views.setup_detail, name="detail"),
    path("<int:pk>/open/", views.open_registration, name="open"),
    path("<int:pk>/sub-delegations/new/", views.sub_delegation_edit, name="sub-new"),
    path("<int:pk>/sub-delegations/<int:sub_pk>/", views.sub_delegation_edit, name="sub-edit"),
    path(
        "<int:pk>/sub-delegations/<int:sub_pk>/agencies/new/",
        views.lead_agency_edit,
        name="agency-new",
    ),
    path(
        "<int:pk>/sub-delegations/<int:sub_pk>/agencies/<int:agency_pk>/",
        views.lead_agency_edit,
        name="agency-edit",
    ),
    path("<int:pk>/units/new/", views.member_unit_edit, name="unit-new"),
    path("<int:pk>/units/<int:unit_pk>/", views.member_unit_edit, name="unit-edit"),
]
