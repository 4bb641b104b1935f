"""Choice lists shared by several tracking models."""

from django.db import models


class WorkCategory(models.TextChoices):
    TROUBLESHOOTING = "troubleshooting", "Troubleshooting"
    CONFIGURATION = "configuration", "Configuration"
    INSTALLATION = "installation", "Installation"
    MAINTENANCE = "maintenance", "Maintenance"
    SECURITY = "security", "Security"
    MIGRATION = "migration", "Migration"
    DEVELOPMENT = "development", "Development"
    DOCUMENTATION = "documentation", "Documentation"
    CONSULTING = "consulting", "Consulting / meeting"
    RESEARCH = "research", "Research"
    OTHER = "other", "Other"


class Priority(models.TextChoices):
    # "urgent", not "critical": msp's incident Severity is low/medium/high/critical, and an
    # identical value set would make the OpenAPI enum names collide.
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"
