"""Sign-in: repeated wrong passwords lock that account at that address, and nowhere else."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client

LOGIN = "/admin/login/"
ATTACKER, EDITOR_DESK = "192.0.2.66", "192.0.2.10"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_THROTTLE = ""  # the per-address cap is tested in test_ratelimit


def sign_in(password, address, username="editor", **headers):
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": password,
                                   "next": "/admin/"}, REMOTE_ADDR=address, **headers)
    return response, client


def test_it_signs_in_with_the_right_password(editor):
    """The admin form still works with the lockout backend in front."""
    response, client = sign_in("pw-for-tests-only", EDITOR_DESK)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(editor.pk)


def test_it_locks_an_account_at_an_address_after_repeated_failures(editor):
    """After AXES_FAILURE_LIMIT wrong passwords even the right one is refused, with a reason."""
    codes = [sign_in("guess", ATTACKER)[0].status_code for _ in range(3)]
    response, client = sign_in("pw-for-tests-only", ATTACKER)
    assert codes == [200, 200, 429]
    assert response.status_code == 429
    attempt = AccessAttempt.objects.get(username="editor", ip_address=ATTACKER)
    assert attempt.failures_since_start >= 3
    assert SESSION_KEY not in client.session
    assert "locked" in response.content.decode().lower()


def test_it_leaves_the_account_open_from_other_addresses(editor):
    """An attacker cannot lock the editor out from the editor's own desk."""
    for _ in range(4):
        sign_in("guess", ATTACKER)
    response, client = sign_in("pw-for-tests-only", EDITOR_DESK)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(editor.pk)
    assert sign_in("pw-for-tests-only", ATTACKER)[0].status_code == 429


def test_it_ignores_a_forged_forwarded_address(editor):
    """With no proxy configured, X-Forwarded-For does not make each guess a new address."""
    for n in range(3):
        sign_in("guess", ATTACKER, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response, client = sign_in("pw-for-tests-only", ATTACKER, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [ATTACKER]
    assert SESSION_KEY not in client.session


def test_it_reads_the_address_behind_a_proxy_as_the_throttles_do(editor, settings):
    """With NUM_PROXIES=1 the lock is on the forwarded address, not the proxy's."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = "10.0.0.1"
    for _ in range(3):
        sign_in("guess", proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    locked, _ = sign_in("pw-for-tests-only", proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    response, client = sign_in("pw-for-tests-only", proxy, HTTP_X_FORWARDED_FOR=EDITOR_DESK)
    assert locked.status_code == 429
    assert response.status_code == 302
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [ATTACKER]
    assert client.session[SESSION_KEY] == str(editor.pk)
