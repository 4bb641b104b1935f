from msp.models.auth import RevokedTokenFamily
from msp.models.base import BaseModel, NotesMixin

__all__ = ["BaseModel", "NotesMixin", "RevokedTokenFamily"]
