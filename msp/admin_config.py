"""The admin app with this project's site (branding, the dashboard as index).

A module of its own: INSTALLED_APPS imports it before any model exists, so it may import
nothing but the app config it extends.
"""

from django.contrib.admin.apps import AdminConfig


class MspAdminConfig(AdminConfig):
    default_site = "msp.admin_site.MspAdminSite"
