"""Operators' view of the register (Django admin), for corrections the pages do not offer."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from commissioning.market.models import CapacityReturn, CqcImport, Location, MarketEvent, Provider


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    list_display = ["name", "cqc_provider_id", "group_name", "organisation"]
    search_fields = ["name", "cqc_provider_id"]
    raw_id_fields = ["organisation"]


@admin.register(Location)
class LocationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "cqc_location_id", "provider", "local_authority", "overall_rating"]
    search_fields = ["name", "cqc_location_id", "postcode"]
    raw_id_fields = ["provider", "local_authority"]


@admin.register(CapacityReturn)
class CapacityReturnAdmin(SimpleHistoryAdmin):
    list_display = ["location", "return_date", "beds_capacity", "beds_occupied"]
    raw_id_fields = ["location"]


@admin.register(CqcImport)
class CqcImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "file_format", "imported_at", "created", "updated"]


@admin.register(MarketEvent)
class MarketEventAdmin(admin.ModelAdmin):
    list_display = ["kind", "location", "detected_at"]
    raw_id_fields = ["location", "provider", "source"]
