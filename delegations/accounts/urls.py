from django.urls import path

from . import views

app_name = "accounts"

# Under ``setup/``: an office manages its staff's accounts from its set-up page.
urlpatterns = [
    path("<int:pk>/accounts/invite/", views.account_invite_view, name="invite"),
    path("<int:pk>/accounts/<int:user_pk>/<str:action>/", views.account_action, name="action"),
]
