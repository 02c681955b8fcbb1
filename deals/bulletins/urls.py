from django.urls import path

from . import views

app_name = "bulletins"

urlpatterns = [
    path("delegations/<int:pk>/", views.bulletin_list, name="bulletin-list"),
    path("delegations/<int:pk>/compose/", views.bulletin_compose_view, name="bulletin-compose"),
    path("delegations/<int:pk>/schedule/", views.bulletin_schedule, name="bulletin-schedule"),
    path("delegations/<int:pk>/reports/", views.report_list, name="report-list"),
    path("delegations/<int:pk>/records/", views.records, name="records"),
    path("<int:pk>/", views.bulletin_detail, name="bulletin-detail"),
    path("<int:pk>/print/", views.bulletin_print, name="bulletin-print"),
    path("<int:pk>/send/", views.bulletin_send_view, name="bulletin-send"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/report.xlsx", views.report_xlsx_view, name="report-xlsx"),
    path("unit-reports/", views.unit_report_list, name="unit-report-list"),
    path("unit-reports/new/", views.unit_report_create, name="unit-report-create"),
    path("unit-reports/<int:pk>/", views.unit_report_detail, name="unit-report-detail"),
    path("unit-reports/<int:pk>/respond/", views.unit_report_respond, name="unit-report-respond"),
]
