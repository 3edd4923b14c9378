from django.urls import URLPattern

app_name = "animals"
urlpatterns: list[URLPattern] = []
