"""One error format for the whole API: problem details (RFC 9457) in Dutch and English."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework import exceptions, serializers
from rest_framework.authentication import BasicAuthentication
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from brug.core.api.problems import (
    PROBLEM_CONTENT_TYPE,
    SafeJSONParser,
    problem_exception_handler,
    problem_responses_hook,
)
from brug.core.errors import NotAllowed, ServiceError
from brug.core.i18n import by_language

REQUIRED = {"type", "title", "status", "detail", "code", "detail_nl", "detail_en"}


def _handle(exc: Exception) -> Any:
    response = problem_exception_handler(exc, {"view": None, "request": None})
    assert response is not None
    assert response.content_type == PROBLEM_CONTENT_TYPE
    assert set(response.data) >= REQUIRED
    assert response.data["status"] == response.status_code
    assert response.data["type"] == f"urn:brug:problem:{response.data['code']}"
    return response


def test_service_error_keeps_code_field_and_both_languages() -> None:
    response = _handle(
        ServiceError(
            by_language({"nl": "Te veel.", "en": "Too many."}), code="too_many", field="capacity"
        )
    )
    assert response.status_code == 400
    assert response.data["code"] == "too_many" and response.data["field"] == "capacity"
    assert (response.data["detail_nl"], response.data["detail_en"]) == ("Te veel.", "Too many.")


def test_detail_follows_the_active_language() -> None:
    error = ServiceError(by_language({"nl": "Te veel.", "en": "Too many."}), code="too_many")
    with translation.override("en"):
        assert _handle(error).data["detail"] == "Too many."
    with translation.override("nl"):
        assert _handle(error).data["detail"] == "Te veel."


class _Body(serializers.Serializer[Any]):
    capacity = serializers.IntegerField(max_value=10)


def test_validation_error_names_the_field_and_lists_the_messages() -> None:
    body = _Body(data={"capacity": 11})
    with pytest.raises(exceptions.ValidationError) as caught:
        body.is_valid(raise_exception=True)
    response = _handle(caught.value)
    assert response.status_code == 400 and response.data["field"] == "capacity"
    assert "capacity" in response.data["errors"]


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (NotAllowed(), 403),
        (PermissionDenied(), 403),
        (exceptions.PermissionDenied(), 403),
        (Http404(), 404),
        (exceptions.NotFound(), 404),
        (exceptions.NotAuthenticated(), 401),
        (exceptions.AuthenticationFailed(), 401),
        (exceptions.MethodNotAllowed("PATCH"), 405),
        (exceptions.UnsupportedMediaType("text/csv"), 415),
        (exceptions.Throttled(wait=30), 429),
        (exceptions.ParseError(), 400),
    ],
)
def test_every_drf_error_is_a_problem(exc: Exception, status: int) -> None:
    response = _handle(exc)
    assert response.status_code == status
    assert response.data["detail_nl"] != response.data["detail_en"]


def test_not_authenticated_keeps_www_authenticate_and_throttled_keeps_retry_after() -> None:
    class View(APIView):
        authentication_classes = [BasicAuthentication]

        def get(self, request: Any) -> Any:
            raise exceptions.NotAuthenticated()

    response = View.as_view()(APIRequestFactory().get("/"))
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Basic")
    throttled = _handle(exceptions.Throttled(wait=12))
    assert throttled["Retry-After"] == "12" and "12" in throttled.data["detail_en"]


def test_unknown_exceptions_are_left_to_django() -> None:
    assert problem_exception_handler(ValueError("x"), {"view": None, "request": None}) is None


def _nested(depth: int) -> bytes:
    return ("[" * depth + "]" * depth).encode()


@settings(max_examples=10, deadline=None, derandomize=True)
@given(depth=st.integers(min_value=1, max_value=50_000))
def test_json_parser_refuses_any_nesting_it_cannot_parse_with_a_400(depth: int) -> None:
    import io

    try:
        parsed = SafeJSONParser().parse(io.BytesIO(_nested(depth)), "application/json", {})
    except exceptions.ParseError:
        return
    assert json.dumps(parsed).count("[") == depth


def test_openapi_hook_documents_problems_for_every_operation() -> None:
    result = problem_responses_hook(
        {"paths": {"/x/": {"get": {"responses": {"200": {}}}, "parameters": []}}}
    )
    assert result["paths"]["/x/"]["get"]["responses"]["4XX"]["content"][PROBLEM_CONTENT_TYPE]
    assert "Problem" in result["components"]["schemas"]
