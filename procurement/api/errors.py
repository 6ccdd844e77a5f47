"""How the API answers when it says no: one shape per kind of refusal."""

from django.core.exceptions import NON_FIELD_ERRORS as DJANGO_NON_FIELD
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD_ERRORS = api_settings.NON_FIELD_ERRORS_KEY


def exception_handler(exc, context):
    """DRF's handler, plus: model validation (full_clean in services) answers 400, not 500.

    Services validate with Django's ValidationError so that admin, commands and API share one set
    of messages; here those messages become the API's usual {"field": ["message"]} body.
    """
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
