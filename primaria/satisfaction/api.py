"""The survey in the REST API, over the same domain functions as the pages:

* `GET /api/v1/surveys/`: the signed-in resident's invitations (with the token of each open one);
* `GET /api/v1/surveys/<token>/`: the questions of an invitation, for whoever holds its signed link;
* `POST /api/v1/surveys/<token>/answer/`: the answer, once (`overall` 1–5, `clear`, `on_time`, `duration`,
  `comment`, by the question set's codes).
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAuthenticated
from rest_framework.parsers import FormParser
from rest_framework.response import Response

from primaria.api.parsers import JSONParser

from . import selectors, services

TAGS = ["chestionar"]  # i18n: ro (the API's group name, an identifier)


def _item(invitation, *, with_token: bool) -> dict:
    item = {"about": invitation.about, "subject": invitation.subject, "closed_at": invitation.closed_at,
            "expires_at": invitation.expires_at, "answered_at": invitation.answered_at,
            "version": invitation.question_set.version}
    if with_token:
        item["token"] = services.token_for(invitation) if invitation.open else None
    return item


SURVEY = inline_serializer("Survey", fields={
    "about": serializers.CharField(), "subject": serializers.CharField(), "closed_at": serializers.DateTimeField(),
    "expires_at": serializers.DateTimeField(), "answered_at": serializers.DateTimeField(allow_null=True),
    "version": serializers.IntegerField(), "token": serializers.CharField(allow_null=True, required=False),
    "questions": serializers.ListField(child=serializers.DictField(), required=False)})
ANSWER = inline_serializer("SurveyAnswer", fields={
    "overall": serializers.IntegerField(min_value=1, max_value=5),
    "clear": serializers.CharField(required=False, help_text=gettext_lazy("da sau nu")),
    "on_time": serializers.CharField(required=False, help_text=gettext_lazy("da sau nu")),
    "duration": serializers.CharField(required=False), "comment": serializers.CharField(required=False)})


class SurveyViewSet(viewsets.GenericViewSet):
    permission_classes = [permissions.AllowAny]
    parser_classes = [JSONParser, FormParser]
    lookup_field = "token"
    lookup_value_converter = "str"
    serializer_class = None

    @extend_schema(summary=gettext_lazy("Chestionarele mele"), tags=TAGS, responses=SURVEY)
    def list(self, request):
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        invitations = selectors.invitations_of(request.user).select_related("question_set")
        page = self.paginate_queryset(invitations)
        return self.get_paginated_response([_item(i, with_token=True) for i in page])

    @extend_schema(summary=gettext_lazy("Întrebările unui chestionar (cu linkul semnat)"), tags=TAGS, responses=SURVEY)
    def retrieve(self, request, token=None):
        invitation = services.from_token(token)
        return Response(_item(invitation, with_token=False) | {
            "questions": invitation.question_set.questions, "refusal": services.refusal(invitation)})

    @extend_schema(summary=gettext_lazy("Răspunsul la chestionar (o singură dată)"), tags=TAGS, request=ANSWER,
                   responses=SURVEY)
    @action(detail=True, methods=["post"])
    def answer(self, request, token=None):
        invitation = services.from_token(token)
        services.answer(actor=request.user, invitation_id=invitation.pk, data=request.data, by_link=True,
                        ip=request.META.get("REMOTE_ADDR"))
        invitation.refresh_from_db()
        return Response(_item(invitation, with_token=False), status=status.HTTP_201_CREATED)
