"""How the API answers when it says no: one shape per kind of refusal."""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS as DJANGO_NON_FIELD
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD_ERRORS = api_settings.NON_FIELD_ERRORS_KEY

TOO_BIG = "The request body is larger than {limit} bytes."
TOO_MANY_FIELDS = "The request has more than {limit} form fields."


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"


def exception_handler(exc, context):
    """DRF's handler, plus:

    - model validation (full_clean in services) answers 400, not 500. Services validate with
      Django's ValidationError so that admin, commands and API share one set of messages; here
      those messages become the API's usual {"field": ["message"]} body;
    - a body over DATA_UPLOAD_MAX_MEMORY_SIZE answers 413 {"detail"}, and too many form fields
      400 {"detail"}. Django raises these when the body is first read (DRF's request.data, or
      the session CSRF check reading a form), and left to Django they become its HTML 400 page.
    """
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(TOO_BIG.format(limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE))
    elif isinstance(exc, TooManyFieldsSent):
        exc = ParseError(TOO_MANY_FIELDS.format(limit=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS))
    if isinstance(exc, DjangoValidationError):
        detail = get_error_detail(exc)
        if not isinstance(detail, dict):
            detail = {NON_FIELD_ERRORS: detail}
        elif DJANGO_NON_FIELD in detail:
            detail[NON_FIELD_ERRORS] = detail.pop(DJANGO_NON_FIELD)
        exc = ValidationError(detail)
    return drf_exception_handler(exc, context)


class ErrorSerializer(serializers.Serializer):
    """401, 403, 404, 405 and 429 answers."""

    detail = serializers.CharField(help_text="What went wrong, for a person to read.")


# 400 answers: each refused field (or filter) with its reasons; "non_field_errors" for reasons
# about the request as a whole, such as an ingestion refusal. Malformed JSON gives {"detail"}.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Field name → list of reasons. `non_field_errors` concerns the whole request.",
    "additionalProperties": {},
    "example": {"non_field_errors": ["The article body is empty (only white space)."]},
}
