"""The council's office API reads JSON with the platform's parser (NUL characters and deep nesting refused, in
Romanian, also when a view is called without the middleware) and asks the rule before reading uploaded PDFs."""

import json
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIRequestFactory, force_authenticate

from primaria.council.api import OfficeDraftViewSet
from primaria.council.models import Draft

from .test_office_api import BODY, DRAFTS

pytestmark = pytest.mark.django_db


def test_a_body_nested_too_deep_is_refused_by_the_view_itself(city, office):
    from primaria.core.middleware import MAX_JSON_DEPTH

    view = OfficeDraftViewSet.as_view({"post": "create"})
    depth = MAX_JSON_DEPTH + 5
    body = json.dumps(BODY)[:-1] + ', "extra": ' + "[" * depth + "]" * depth + "}"
    request = APIRequestFactory().post(DRAFTS, body, content_type="application/json")
    force_authenticate(request, user=office)
    response = view(request)
    assert response.status_code == 400 and "niveluri" in str(response.data)
    assert not Draft.objects.exists()


def test_the_rule_is_asked_before_the_pdfs_are_checked(client, city, users):
    client.force_login(users.ion)
    upload = SimpleUploadedFile("referat.pdf", b"not a pdf at all", content_type="application/pdf")
    with mock.patch("primaria.core.files.check_upload") as check:
        response = client.post(DRAFTS, {**BODY, "normative": "true", "referat_pdf": upload})
    assert response.status_code == 403 and not check.called
