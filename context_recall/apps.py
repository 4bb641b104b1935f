from django.apps import AppConfig


class ContextRecallConfig(AppConfig):
    name = "context_recall"
    verbose_name = "Context recall"
