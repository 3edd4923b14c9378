from django.urls import URLPattern

app_name = "remains"
urlpatterns: list[URLPattern] = []
