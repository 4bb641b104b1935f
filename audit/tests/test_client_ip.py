import pytest
from django.test import RequestFactory, override_settings
from rest_framework.request import Request

from audit.client_ip import axes_client_ip, client_ip, normalize_ip


def request(remote="198.51.100.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_forwarded_for_is_ignored():
    assert client_ip(request(forwarded="203.0.113.5")) == "198.51.100.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "192.0.2.1"])
@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.1.2.3", "203.0.113.5", "203.0.113.5"),
        # The client wrote the leftmost entries: only what our proxies appended counts.
        ("10.1.2.3", "6.6.6.6, 203.0.113.5, 192.0.2.1", "203.0.113.5"),
        ("10.1.2.3", "203.0.113.5:5123, 10.9.9.9", "203.0.113.5"),
        ("10.1.2.3", "[2001:db8::5]:443", "2001:db8::5"),
        # Every hop trusted: the farthest one we believe.
        ("10.1.2.3", "10.0.0.7", "10.0.0.7"),
        # Garbage from a proxy: stop at the last hop we believe.
        ("10.1.2.3", "203.0.113.5, not-an-ip", "10.1.2.3"),
        ("10.1.2.3", None, "10.1.2.3"),
        # An untrusted peer's header proves nothing.
        ("198.51.100.9", "203.0.113.5", "198.51.100.9"),
        ("::ffff:10.1.2.3", "203.0.113.5", "203.0.113.5"),
    ],
)
def test_forwarded_for_from_trusted_proxies(remote, forwarded, expected):
    assert client_ip(request(remote, forwarded)) == expected


def test_drf_request_and_axes_callable():
    with override_settings(TRUSTED_PROXIES=["127.0.0.1"]):
        http = request("127.0.0.1", "203.0.113.5")
        assert client_ip(Request(http)) == "203.0.113.5"
        assert axes_client_ip(http) == "203.0.113.5"


def test_unknown_addresses():
    assert client_ip(None) is None
    assert client_ip(request(remote="")) is None
    assert normalize_ip("2001:DB8:0::1") == "2001:db8::1"
    assert normalize_ip("fe80::1%eth0") == "fe80::1"
    assert normalize_ip("nonsense") is None


@override_settings(TRUSTED_PROXIES=["not-a-network"])
def test_bad_trusted_proxy_setting_is_loud():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        client_ip(request())
