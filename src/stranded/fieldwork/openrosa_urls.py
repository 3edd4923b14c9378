"""OpenRosa endpoints for ODK Collect, KoBoCollect and Enketo (see openrosa.py)."""

from django.urls import path

from stranded.fieldwork import openrosa

app_name = "openrosa"
urlpatterns = [
    path("formList", openrosa.form_list, name="form-list"),
    path("forms/<str:form_id>.xml", openrosa.form_download, name="form"),
    path("submission", openrosa.submission, name="submission"),
]
