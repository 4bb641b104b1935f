from rest_framework.views import APIView

from msp.api.viewsets import StrictQueryParamsMixin


class BaseAPIView(StrictQueryParamsMixin, APIView):
    """A non-resource endpoint; rejects unknown query parameters like every viewset."""
