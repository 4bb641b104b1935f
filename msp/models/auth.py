"""Server-side state behind the stateless JWTs: the revoked login families."""

from django.conf import settings
from django.db import models


class RevokedTokenFamily(models.Model):
    """A login (the ``sid`` claim shared by its refresh and access tokens) that was revoked.

    simplejwt's blacklist only stops refresh tokens; recording the family makes every access
    token of that login fail on its next request too, instead of living until it expires.
    """

    sid = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    revoked_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(help_text="After this, no token of the family is valid.")

    class Meta:
        verbose_name_plural = "revoked token families"

    def __str__(self) -> str:
        return f"{self.sid} (revoked {self.revoked_at:%Y-%m-%d %H:%M})"
