from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "Work tracking"

    def ready(self) -> None:
        from tracking import machine_token_admin  # noqa: F401  (registers the admin)
