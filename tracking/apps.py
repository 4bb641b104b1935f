from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "Work tracking"

    def ready(self) -> None:
        # Registers the machine-token admin and the OpenAPI security scheme.
        from tracking import machine_token_admin, schema  # noqa: F401
