"""Filter backends of every list endpoint."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter


class StrictOrderingFilter(OrderingFilter):
    """``?ordering=`` naming a field the endpoint cannot sort by is a 400. DRF drops such
    fields silently and sorts by the default, so a typo looks like a working sort."""

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        unknown = [term for term in fields if term and term not in valid]
        if unknown:
            allowed = sorted(
                name for name, _ in self.get_valid_fields(queryset, view, {"request": request})
            )
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Cannot order by {', '.join(unknown)}; "
                        f"choose from {', '.join(allowed) or 'nothing'} (prefix - to reverse)."
                    ]
                }
            )
        return valid
