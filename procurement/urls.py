"""Analyst pages. Entity pages share one pattern: /<kind prefix>/ and /<kind prefix>/<slug>/."""

from django.urls import path, re_path

from . import views

app_name = "procurement"

# Must match Entity.URL_PREFIX (get_absolute_url reverses "entity" with these prefixes).
ENTITY_PREFIXES = "systems|countries|people|organisations|forums|meetings|agreements|places"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/", views.programme_list, name="programmes"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme"),
    path("articles/", views.article_list, name="articles"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("search/", views.search, name="search"),
    path("changes/", views.change_list, name="changes"),
    path("changes/feed/", views.ChangesFeed(), name="changes-feed"),
    path("follows/", views.follows, name="follows"),
    path("follows/feed/<str:token>/", views.FollowsFeed(), name="follows-feed"),
    re_path(r"^follows/feed/(?P<token>[-\w]+)/(?P<kind>systems|people|meetings|programmes)/"
            r"(?P<slug>[-a-zA-Z0-9_]+)/$", views.FollowsFeed(), name="follows-item-feed"),
    re_path(rf"^(?P<prefix>{ENTITY_PREFIXES})/$", views.entity_list, name="entities"),
    re_path(rf"^(?P<prefix>{ENTITY_PREFIXES})/(?P<slug>[-a-zA-Z0-9_]+)/$", views.entity_detail,
            name="entity"),
]
