from rest_framework.test import APIClient

from msp.auth.jwt_families import FamilyRefreshToken


def token_pair_for(user) -> tuple[str, str]:
    refresh = FamilyRefreshToken.for_user(user)
    return str(refresh.access_token), str(refresh)


def client_for(user) -> APIClient:
    client = APIClient()
    access, _ = token_pair_for(user)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client
