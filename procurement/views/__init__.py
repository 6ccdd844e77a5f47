"""Analyst pages (server-rendered), one module per topic."""

from .articles import article_detail, article_list
from .changes import ChangesFeed, change_list
from .dashboard import home
from .entities import entity_detail, entity_list
from .follows import FollowsFeed, follows
from .programmes import programme_detail, programme_list
from .search import search

__all__ = [
    "ChangesFeed", "article_detail", "article_list", "change_list", "entity_detail",
    "entity_list", "FollowsFeed", "follows", "home", "programme_detail", "programme_list", "search",
]
