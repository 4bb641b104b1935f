"""Model fields that normalise what technicians type (``to_python`` runs in ``full_clean``,
so the admin, the API and ``BaseModel.save`` all store the same canonical text)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from msp import validators as v


class NormalizedCharField(models.CharField):
    """A CharField whose value is normalised by ``normalizer`` when cleaned. Blank stays
    blank; lookups with a value that does not parse are left as typed (no error)."""

    normalizer = staticmethod(lambda value: value)

    def to_python(self, value):
        value = super().to_python(value)
        if value in (None, ""):
            return value
        return self.normalizer(value)

    def get_prep_value(self, value):
        try:
            return super().get_prep_value(value)
        except ValidationError:
            return value


class MACAddressField(NormalizedCharField):
    default_validators = [v.validate_mac_address]
    normalizer = staticmethod(v.normalize_mac_address)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 17)
        super().__init__(*args, **kwargs)


class CIDRField(NormalizedCharField):
    """A network such as ``10.0.0.0/24``; host bits set are rejected."""

    default_validators = [v.validate_cidr]
    normalizer = staticmethod(v.normalize_cidr)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 43)
        super().__init__(*args, **kwargs)


class AddressSpecField(NormalizedCharField):
    """``any``, an address, a CIDR or a comma list of them (firewall rules)."""

    default_validators = [v.validate_address_spec]
    normalizer = staticmethod(v.normalize_address_spec)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 1000)
        kwargs.setdefault("default", v.ANY)
        super().__init__(*args, **kwargs)


class PortSpecField(NormalizedCharField):
    """``any``, ``443``, ``8000-8100`` or a comma list of them."""

    default_validators = [v.validate_port_spec]
    normalizer = staticmethod(v.normalize_port_spec)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("default", v.ANY)
        super().__init__(*args, **kwargs)


class DomainNameField(NormalizedCharField):
    default_validators = [v.validate_domain_name]
    normalizer = staticmethod(v.normalize_domain_name)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 253)
        super().__init__(*args, **kwargs)


class TenantIdField(NormalizedCharField):
    """A Microsoft Entra tenant id (GUID), stored lower-case with hyphens."""

    default_validators = [v.validate_tenant_id]
    normalizer = staticmethod(v.normalize_tenant_id)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 36)
        super().__init__(*args, **kwargs)


class IPAddressListField(models.JSONField):
    """A JSON list of IP addresses (DNS servers), normalised and de-duplicated."""

    default_validators = [v.validate_ip_list]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, list):
            return v.normalize_ip_list(value)
        return value
