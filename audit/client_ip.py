"""The client's IP address, believing ``X-Forwarded-For`` only from trusted proxies.

``REMOTE_ADDR`` is the peer that connected to us. When that peer is one of
``settings.TRUSTED_PROXIES`` the forwarded chain is walked from the right (the entries
our own proxies appended) and the first address that is not a trusted proxy is the
client; everything to its left was written by the client and proves nothing.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from audit.request_context import http_request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parse_address(value: str) -> Address | None:
    value = value.strip().strip('"')
    if value.startswith("["):  # "[2001:db8::1]:443"
        value = value[1 : value.find("]")] if "]" in value else value[1:]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.scope_id:
            address = ipaddress.IPv6Address(str(address).split("%", 1)[0])
    return address


def normalize_ip(value: Any) -> str | None:
    """``value`` as the canonical text of an IP address (what the database keeps), or
    None if it is not one."""
    if not value:
        return None
    address = _parse_address(str(value))
    return None if address is None else str(address)


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {entry!r} is not an IP or CIDR") from exc
    return tuple(networks)


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request: Any) -> str | None:
    """The client address of a Django or DRF request, or None if unknown."""
    if request is None:
        return None
    meta = http_request(request).META
    peer = _parse_address(meta.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks or not _is_trusted(peer, networks):
        return str(peer)
    closest = peer
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        address = _parse_address(entry)
        if address is None:
            # Our proxies only append valid addresses: the chain is broken from here on,
            # so the nearest hop we still believe is the best answer.
            break
        if not _is_trusted(address, networks):
            return str(address)
        closest = address
    return str(closest)


def axes_client_ip(request: Any) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: django-axes 8 calls it with the request alone."""
    return client_ip(request)
