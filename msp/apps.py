from django.apps import AppConfig


class MspConfig(AppConfig):
    name = "msp"
    verbose_name = "MSP inventory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from msp.auth import schema, signals  # noqa: F401  (registers receivers, extension)
