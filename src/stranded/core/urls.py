from django.contrib.auth import views as auth_views
from django.urls import path

from stranded.core import views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(next_page="core:login"), name="logout"),
    path("audit/", views.audit_log, name="audit-log"),
    path("audit/record/", views.record_access, name="record-access"),
    path("operation/settings/", views.operation_settings, name="operation-settings"),
    path("users/", views.users, name="users"),
    path("users/<uuid:user_id>/active/", views.user_active, name="user-active"),
]
