from django.urls import path

from . import page_views, sheet_views, views

app_name = "logistics"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/declare/<str:what>/", views.declare, name="declare"),
    path("<int:pk>/tickets/<int:group>/state/", views.tickets_state, name="tickets-state"),
    path("<int:pk>/people/", views.people, name="people"),
    path("<int:pk>/people/<int:attendee>/", views.person, name="person"),
    path("<int:pk>/assign/", views.assign_bulk, name="assign-bulk"),
    path("<int:pk>/import/", sheet_views.upload, name="import"),
    path(
        "<int:pk>/import/template.xlsx",
        sheet_views.assignment_template_download,
        name="import-template",
    ),
    path("<int:pk>/import/<str:token>/", sheet_views.preview, name="import-preview"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/rooming/<int:hotel>/", page_views.rooming_view, name="rooming"),
    path("<int:pk>/tickets/<int:group>/", page_views.tickets_view, name="tickets"),
    path("<int:pk>/buses/<str:day>/", page_views.bus, name="bus"),
    path("<int:pk>/figures/", page_views.figures_view, name="figures"),
    path("itinerary/<int:attendee>/", page_views.itinerary, name="itinerary"),
    path(
        "itinerary/registration/<int:registration>/",
        page_views.registration_itineraries,
        name="registration-itineraries",
    ),
]
