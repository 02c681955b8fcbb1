from django.urls import path

from . import public_views, views

# Staff pages, under /invitations/.
urlpatterns = [
    path("", views.invitation_list, name="invitation-list"),
    path("new/", views.invitation_create, name="invitation-create"),
    path("<int:pk>/", views.invitation_detail, name="invitation-detail"),
    path("<int:pk>/send/", views.invitation_send_view, name="invitation-send"),
    path("<int:pk>/revoke/", views.invitation_revoke_view, name="invitation-revoke"),
]

# The firm's pages without an account, under /i/.
public_urlpatterns = [
    path("", public_views.invitation_code, name="invitation-code"),
    path("status/<str:token>/", public_views.invitation_status, name="invitation-status"),
    path("<str:token>/", public_views.invitation_open, name="invitation-open"),
    path("<str:token>/confirm/", public_views.invitation_confirm, name="invitation-confirm"),
]
