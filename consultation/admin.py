from django.contrib import admin

from consultation.models import (
    Comment,
    Consultation,
    ConsultationMember,
    Disposition,
    DraftingGroupMember,
)


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    list_display = ("display_title", "version", "starts_on", "ends_on", "summary_published")
    filter_horizontal = ("invited",)
    raw_id_fields = ("version",)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("pk", "consultation", "clause_label", "organisation", "created_at", "merged_into")
    list_filter = ("consultation", "organisation")
    raw_id_fields = ("clause", "merged_into", "author")
    search_fields = ("text",)


admin.site.register(Disposition)
admin.site.register(ConsultationMember)
admin.site.register(DraftingGroupMember)
