from django.urls import URLPattern

app_name = "needs"
urlpatterns: list[URLPattern] = []
