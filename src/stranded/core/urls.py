from django.contrib.auth import views as auth_views
from django.urls import path

from stranded.core import phone_views, twofactor_views, views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/verify/", twofactor_views.login_verify, name="login-verify"),
    path("login/enrol/", twofactor_views.login_enrol, name="login-enrol"),
    path("account/two-factor/", twofactor_views.two_factor, name="two-factor"),
    path("phones/", phone_views.phones, name="phones"),
    path("phones/<uuid:credential_id>/revoke/", phone_views.phone_revoke, name="phone-revoke"),
    path("logout/", auth_views.LogoutView.as_view(next_page="core:login"), name="logout"),
    path("audit/", views.audit_log, name="audit-log"),
    path("audit/record/", views.record_access, name="record-access"),
    path("operation/settings/", views.operation_settings, name="operation-settings"),
    path("operation/switch/", views.switch_operation, name="switch-operation"),
    path("language/", views.switch_language, name="switch-language"),
    path("users/", views.users, name="users"),
    path("users/<uuid:user_id>/active/", views.user_active, name="user-active"),
    path("users/<uuid:user_id>/role/", views.user_role, name="user-role"),
    path("users/<uuid:user_id>/link/", views.user_link, name="user-link"),
    path("users/roles/", views.role_changes, name="role-changes"),
    path("users/roles/<uuid:request_id>/", views.role_decide, name="role-decide"),
    path("set-password/<uidb64>/<token>/", views.SetPasswordView.as_view(), name="set-password"),
]
