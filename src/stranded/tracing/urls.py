from django.urls import URLPattern

app_name = "tracing"
urlpatterns: list[URLPattern] = []
