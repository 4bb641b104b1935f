"""Tells drf-spectacular about the machine-token bearer scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class MachineTokenScheme(OpenApiAuthenticationExtension):
    target_class = "tracking.authentication.MachineTokenAuthentication"
    name = "machineToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "A machine token from POST /api/v1/auth/machine-tokens/ "
            "(Claude Code hooks).",
        }
