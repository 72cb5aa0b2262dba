"""The survey in the admin: the questions are published as a new version through `services.publish_questions`
(an existing version is never edited, so old answers keep their meaning); invitations and answers are read only."""

import json

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from primaria.core.errors import DomainError

from . import services
from .models import Answer, Invitation, QuestionSet


class QuestionSetForm(forms.ModelForm):
    questions = forms.JSONField(
        label=gettext_lazy("Întrebările (JSON)"),
        help_text=gettext_lazy("O listă de întrebări: code, label, type (scale, yesno, choice, text), required, "
                               "choices (pentru choice). Se păstrează „overall” (nota 1–5, obligatorie); singurul text "
                               "liber este „comment”. La salvare se publică o versiune nouă."),
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100}))

    class Meta:
        model = QuestionSet
        fields = ["questions", "note"]

    def clean_questions(self):
        try:
            return services.check_questions(self.cleaned_data.get("questions"))
        except DomainError as error:
            raise forms.ValidationError(error.message_dict["questions"][0]) from None


@admin.register(QuestionSet)
class QuestionSetAdmin(admin.ModelAdmin):
    form = QuestionSetForm
    list_display = ["version", "note", "created_at", "created_by"]

    def get_changeform_initial_data(self, request):
        current = services.current_questions()
        return {"questions": json.dumps(current.questions, ensure_ascii=False, indent=2)}

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["version", "questions", "note", "created_at", "created_by"] if obj else []

    def save_model(self, request, obj, form, change):
        try:
            published = services.publish_questions(actor=request.user, questions=form.cleaned_data["questions"],
                                                   note=form.cleaned_data.get("note", ""),
                                                   ip=request.META.get("REMOTE_ADDR"))
        except PermissionDenied:
            raise
        obj.pk, obj.version = published.pk, published.version


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(ReadOnly):
    list_display = ["public_id", "subject", "department", "closed_at", "expires_at", "answered_at"]
    list_filter = ["subject"]


@admin.register(Answer)
class AnswerAdmin(ReadOnly):
    list_display = ["invitation", "overall", "source", "answered_at"]
    list_filter = ["source", "overall"]
