"""The domain model, split by topic; import everything from here."""

from .alerts import Cursor, Delivery, Event, Follow, Subscriber, Webhook
from .articles import Article, Mention, Outlet, Story, StoryBand
from .candidates import Candidate, Sighting
from .choices import Language, Precision, Review, Script
from .entities import (Agreement, Alias, Country, Entity, Forum, Meeting, Organisation, Person,
                       Place, Platform)
from .programmes import Outcome, Programme, StatusClaim
from .reports import MeetingReport
from .sources import Item, Source
from .tallies import DailyMentions, DailyMentionTotal

__all__ = [
    "Agreement", "Alias", "Article", "Country", "Entity", "Forum", "Language", "Meeting",
    "MeetingReport", "Candidate", "Sighting", "DailyMentions", "DailyMentionTotal",
    "Mention", "Organisation", "Outcome", "Outlet", "Person", "Place", "Platform", "Precision",
    "Programme", "Review", "Script", "StatusClaim", "Story", "StoryBand", "Item", "Source",
    "Cursor", "Delivery", "Event", "Follow", "Subscriber", "Webhook",
]
