from django.apps import AppConfig


class MspConfig(AppConfig):
    name = "msp"
    verbose_name = "MSP inventory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from msp import checks  # noqa: F401  (registers the deploy checks)
        from msp.auth import schema, signals  # noqa: F401  (registers receivers, extension)
