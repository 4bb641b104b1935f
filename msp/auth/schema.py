"""Tells drf-spectacular that our JWT authentication is simplejwt's bearer scheme."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class MspJWTScheme(SimpleJWTScheme):
    target_class = "msp.auth.authentication.JWTAuthentication"
    name = "jwtAuth"
