from django.urls import path

from smartcity.opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.catalogue, name="catalog"),
    path("catalog.jsonld", views.catalogue_jsonld, name="catalog_jsonld"),
    path("catalog.rdf", views.catalogue_rdf, name="catalog_rdf"),
    path("<slug:slug>/", views.dataset_page, name="dataset"),
    path("<slug:slug>.<str:fmt>", views.download, name="download"),
]
