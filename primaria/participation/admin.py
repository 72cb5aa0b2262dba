"""Newsletter topics are configuration, edited here; debates, requests, proposals, subscriptions and sends are read
only and change only through the domain functions (/birou/dezbateri/, /abonamente/)."""

from django.contrib import admin

from primaria.core.admin import ReadOnlyAdmin

from .models import (
    Debate,
    DebateProposal,
    DebateRequest,
    NewsletterSend,
    SpeakerRegistration,
    Subscription,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "feed", "active", "order"]
    list_editable = ["active", "order"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request, obj=None):
        return False  # subscriptions refer to it; a topic no longer offered is made inactive


@admin.register(Debate)
class DebateAdmin(ReadOnlyAdmin):
    list_display = ["title", "starts_at", "subject", "status", "announced_on"]
    list_filter = ["status", "subject"]


@admin.register(DebateRequest)
class DebateRequestAdmin(ReadOnlyAdmin):
    list_display = ["requester", "requester_kind", "received_on"]


@admin.register(DebateProposal)
class DebateProposalAdmin(ReadOnlyAdmin):
    list_display = ["debate", "number", "name", "received_at"]


@admin.register(SpeakerRegistration)
class SpeakerRegistrationAdmin(ReadOnlyAdmin):
    list_display = ["debate", "number", "name", "registered_at"]


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["email", "topic", "status", "requested_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status", "topic"]
    search_fields = ["email"]


@admin.register(NewsletterSend)
class NewsletterSendAdmin(ReadOnlyAdmin):
    list_display = ["key", "email", "created_at"]
    search_fields = ["email", "key"]
