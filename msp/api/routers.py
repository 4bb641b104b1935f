"""The router every app registers its viewsets with."""

from rest_framework.routers import SimpleRouter


class UUIDRouter(SimpleRouter):
    """``path()`` routes whose id is a ``<uuid:pk>``: the schema documents the id as a UUID
    and a malformed id answers 404 before any view runs."""

    def __init__(self):
        super().__init__(use_regex_path=False)

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        lookup_field = getattr(viewset, "lookup_field", "pk")
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        return f"<uuid:{lookup_prefix}{lookup_url_kwarg}>"
