"""Parsing, normalisation and validation of the network and identity values technicians
type: IP addresses, MAC addresses, CIDRs, port specifications, VLAN ids, GUID tenant ids,
IANA time zones, DNS names.

Each value has a ``normalize_*`` function that returns the canonical text (or raises
``ValidationError``) and a ``validate_*`` validator built on it. Model fields call the
normaliser from ``to_python`` (see ``msp.models.fields``), so ``full_clean`` — run by the
admin's forms, by ``BaseModel.save`` and by the API serializers — stores one spelling only.

Decisions:

* MAC addresses: ``AA-BB-CC-DD-EE-FF``, ``aa:bb:cc:dd:ee:ff``, ``aabb.ccdd.eeff`` (Cisco)
  and ``aabbccddeeff`` are accepted and stored as lower-case colon form.
* CIDRs are **rejected** when host bits are set (``10.0.0.5/24``): the typo is ambiguous
  (the interface address or the network?), so the message proposes the network form
  (``10.0.0.0/24``) instead of guessing. Valid CIDRs are stored in ``ipaddress``'s
  compressed form (IPv6 lower-case, ``::`` compression).
* Port specifications are ``any``, a port (``443``), a range (``8000-8100``) or a comma
  list of those, stored without spaces (``80,443,8000-8100``); ``80-80`` becomes ``80``.
* Address specifications (firewall sources/destinations) are ``any``, an address, a CIDR
  or a comma list, stored as ``10.0.0.5, 10.1.0.0/16``.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
import zoneinfo
from functools import lru_cache

from django.core.exceptions import ValidationError

ANY = "any"
PORT_MIN, PORT_MAX = 1, 65535
VLAN_MIN, VLAN_MAX = 1, 4094
MAX_LIST_ITEMS = 64

_MAC_HEX = re.compile(r"^[0-9a-f]{12}$")
_MAC_SEPARATED = re.compile(r"^[0-9a-f]{2}([:-])(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}$")
_MAC_CISCO = re.compile(r"^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$")
_DNS_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
_HOSTNAME = re.compile(r"^[^\s/\\]+$")
_PORT_ITEM = re.compile(r"^(\d{1,5})(?:-(\d{1,5}))?$")


def _text(value) -> str:
    if not isinstance(value, str):
        raise ValidationError("Enter text.", code="invalid")
    return value.strip()


# --- IP addresses ---------------------------------------------------------------------


def normalize_ip_address(value) -> str:
    try:
        return str(ipaddress.ip_address(_text(value)))
    except ValueError:
        raise ValidationError(
            "“%(value)s” is not a valid IPv4 or IPv6 address.",
            code="invalid_ip",
            params={"value": value},
        ) from None


def validate_ip_address(value) -> None:
    normalize_ip_address(value)


def normalize_ip_list(value) -> list[str]:
    """A JSON list of addresses (DNS servers): each normalised, duplicates dropped."""
    if not isinstance(value, list):
        raise ValidationError("Enter a list of IP addresses.", code="invalid")
    if len(value) > MAX_LIST_ITEMS:
        raise ValidationError(
            "At most %(max)d addresses.", code="max_items", params={"max": MAX_LIST_ITEMS}
        )
    result: list[str] = []
    for item in value:
        address = normalize_ip_address(item)
        if address not in result:
            result.append(address)
    return result


def validate_ip_list(value) -> None:
    normalize_ip_list(value)


# --- MAC addresses --------------------------------------------------------------------


def normalize_mac_address(value) -> str:
    text = _text(value).lower()
    if _MAC_SEPARATED.match(text) or _MAC_CISCO.match(text):
        digits = re.sub(r"[:.-]", "", text)
    elif _MAC_HEX.match(text):
        digits = text
    else:
        raise ValidationError(
            "“%(value)s” is not a valid MAC address (e.g. 00:1a:2b:3c:4d:5e).",
            code="invalid_mac",
            params={"value": value},
        )
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def validate_mac_address(value) -> None:
    normalize_mac_address(value)


# --- Networks -------------------------------------------------------------------------


def normalize_cidr(value, *, require_prefix: bool = True) -> str:
    """``10.0.0.0/24`` in compressed form; host bits set are an error (see module doc)."""
    text = _text(value)
    if require_prefix and "/" not in text:
        raise ValidationError(
            "Enter a network with its prefix length, e.g. 10.0.0.0/24.", code="invalid_cidr"
        )
    try:
        return str(ipaddress.ip_network(text, strict=True))
    except ValueError:
        try:
            network = ipaddress.ip_network(text, strict=False)
        except ValueError:
            raise ValidationError(
                "“%(value)s” is not a valid network (CIDR) such as 10.0.0.0/24 or 2001:db8::/64.",
                code="invalid_cidr",
                params={"value": value},
            ) from None
        raise ValidationError(
            "“%(value)s” has host bits set; did you mean %(network)s?",
            code="host_bits_set",
            params={"value": value, "network": str(network)},
        ) from None


def validate_cidr(value) -> None:
    normalize_cidr(value)


def normalize_address_spec(value) -> str:
    """``any``, an address, a CIDR, or a comma list of addresses and CIDRs."""
    text = _text(value)
    if text.lower() in {ANY, "*", ""}:
        return ANY
    items = [item.strip() for item in text.split(",")]
    if len(items) > MAX_LIST_ITEMS:
        raise ValidationError(
            "At most %(max)d addresses.", code="max_items", params={"max": MAX_LIST_ITEMS}
        )
    result: list[str] = []
    for item in items:
        if item.lower() == ANY:
            raise ValidationError(
                "“any” cannot be combined with addresses.", code="invalid_address_spec"
            )
        if "/" in item:
            normalized = normalize_cidr(item)
        else:
            try:
                normalized = normalize_ip_address(item)
            except ValidationError:
                raise ValidationError(
                    "“%(value)s” is not “any”, an IP address or a network (CIDR).",
                    code="invalid_address_spec",
                    params={"value": item},
                ) from None
        if normalized not in result:
            result.append(normalized)
    return ", ".join(result)


def validate_address_spec(value) -> None:
    normalize_address_spec(value)


def validate_vlan_id(value) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not (VLAN_MIN <= value <= VLAN_MAX):
        raise ValidationError(
            "VLAN id must be between %(min)d and %(max)d.",
            code="invalid_vlan",
            params={"min": VLAN_MIN, "max": VLAN_MAX},
        )


# --- Ports ----------------------------------------------------------------------------


def validate_port(value) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not (PORT_MIN <= value <= PORT_MAX):
        raise ValidationError(
            "Port must be between %(min)d and %(max)d.",
            code="invalid_port",
            params={"min": PORT_MIN, "max": PORT_MAX},
        )


def parse_port_spec(value) -> list[tuple[int, int]] | None:
    """``None`` for ``any``, else the list of inclusive ``(low, high)`` ranges."""
    text = _text(value).replace(" ", "")
    if text.lower() in {ANY, "*", ""}:
        return None
    ranges: list[tuple[int, int]] = []
    items = text.split(",")
    if len(items) > MAX_LIST_ITEMS:
        raise ValidationError(
            "At most %(max)d ports or ranges.", code="max_items", params={"max": MAX_LIST_ITEMS}
        )
    for item in items:
        match = _PORT_ITEM.match(item)
        if not match:
            raise ValidationError(
                "“%(value)s” is not a port, a range such as 8000-8100, or “any”.",
                code="invalid_port_spec",
                params={"value": item},
            )
        low = int(match.group(1))
        high = int(match.group(2)) if match.group(2) else low
        for port in (low, high):
            if not PORT_MIN <= port <= PORT_MAX:
                raise ValidationError(
                    "Port %(port)d is outside %(min)d-%(max)d.",
                    code="invalid_port",
                    params={"port": port, "min": PORT_MIN, "max": PORT_MAX},
                )
        if low > high:
            raise ValidationError(
                "Range %(value)s starts above its end.",
                code="invalid_port_range",
                params={"value": item},
            )
        ranges.append((low, high))
    return ranges


def normalize_port_spec(value) -> str:
    ranges = parse_port_spec(value)
    if ranges is None:
        return ANY
    seen: list[str] = []
    for low, high in ranges:
        item = str(low) if low == high else f"{low}-{high}"
        if item not in seen:
            seen.append(item)
    return ",".join(seen)


def validate_port_spec(value) -> None:
    parse_port_spec(value)


# --- Names ----------------------------------------------------------------------------


def normalize_domain_name(value) -> str:
    """A DNS name, lower-case, without the trailing dot; IDNs stored as typed."""
    text = _text(value).lower().rstrip(".")
    if not text:
        return ""
    try:
        ascii_name = text.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_name = ""
    labels = ascii_name.split(".") if ascii_name else []
    if not labels or len(ascii_name) > 253 or not all(_DNS_LABEL.match(lb) for lb in labels):
        raise ValidationError(
            "“%(value)s” is not a valid domain name.",
            code="invalid_domain",
            params={"value": value},
        )
    return text


def validate_domain_name(value) -> None:
    normalize_domain_name(value)


def validate_hostname(value) -> None:
    """Asset names as technicians type them (``DC01``, ``fw-main.example.com``): anything
    but whitespace and slashes."""
    if not isinstance(value, str) or not _HOSTNAME.match(value):
        raise ValidationError(
            "A hostname cannot contain spaces or slashes.", code="invalid_hostname"
        )


def normalize_tenant_id(value) -> str:
    """A Microsoft Entra tenant id: a GUID, stored lower-case with hyphens."""
    text = _text(value)
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    try:
        if len(text) != 36:
            raise ValueError
        parsed = uuid.UUID(text)
    except ValueError:
        raise ValidationError(
            "Tenant id must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47.",
            code="invalid_guid",
        ) from None
    if parsed.int == 0:
        raise ValidationError("The nil GUID is not a tenant id.", code="invalid_guid")
    return str(parsed)


def validate_tenant_id(value) -> None:
    normalize_tenant_id(value)


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value) -> None:
    """An IANA time zone name such as ``Europe/Berlin`` (as ``zoneinfo`` knows them)."""
    if not isinstance(value, str) or value not in _time_zones():
        raise ValidationError(
            "“%(value)s” is not an IANA time zone such as Europe/Berlin.",
            code="invalid_timezone",
            params={"value": value},
        )
