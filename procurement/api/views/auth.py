"""Tokens: get one from a signed-in session, revoke one or all.

Scripts get their first token from an administrator (`manage.py create_api_token`). There is no
password-for-token endpoint on purpose: DRF authenticates before it throttles, so such an
endpoint would let anyone guess passwords at full speed.
"""

import datetime

from django.core.exceptions import ImproperlyConfigured
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from knox import views as knox_views
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication

TOKEN = inline_serializer("Token", fields={
    "token": serializers.CharField(help_text="Send it as `Authorization: Token <token>`. "
                                             "Shown once: only a hash is stored."),
    "expiry": serializers.DateTimeField(help_text="When it stops working."),
})
REVOKED = OpenApiResponse(description="Revoked. Requests with the token now answer 401.")


class LoginView(knox_views.LoginView):
    authentication_classes = [SessionAuthentication]

    def get_token_ttl(self):
        # knox issues a never-expiring token for a TTL of None; refuse rather than do that.
        ttl = super().get_token_ttl()
        if ttl is None or ttl <= datetime.timedelta(0):
            raise ImproperlyConfigured("REST_KNOX TOKEN_TTL must be a positive duration.")
        return ttl

    @extend_schema(
        summary="Get a token for this session's user",
        description="For a person signed in to the site (the browsable API or admin): a new "
                    "token for scripts, with the same rights as the account. Sessions send the "
                    "CSRF token, as for any POST.",
        request=None, responses={200: TOKEN}, tags=["auth"], auth=[{"cookieAuth": []}])
    def post(self, request, format=None):
        return super().post(request, format=format)


class LogoutView(knox_views.LogoutView):
    @extend_schema(summary="Revoke this token",
                   description="The token sent with this request stops working at once.",
                   request=None, responses={204: REVOKED}, tags=["auth"])
    def post(self, request, format=None):
        return super().post(request, format=format)


class LogoutAllView(knox_views.LogoutAllView):
    @extend_schema(summary="Revoke every token of this account",
                   description="Every token of the account that owns the one sent stops "
                               "working at once, on every machine.",
                   request=None, responses={204: REVOKED}, tags=["auth"])
    def post(self, request, format=None):
        return super().post(request, format=format)
