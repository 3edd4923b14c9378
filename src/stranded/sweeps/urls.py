from django.urls import URLPattern

app_name = "sweeps"
urlpatterns: list[URLPattern] = []
