from __future__ import annotations

from django.contrib.auth import get_user_model
from rest_framework import serializers
from rest_framework_simplejwt import serializers as jwt_serializers

from msp.auth.jwt_families import FAMILY_CLAIM, FamilyRefreshToken
from msp.auth.services import is_family_revoked


class TokenObtainSerializer(jwt_serializers.TokenObtainPairSerializer):
    token_class = FamilyRefreshToken


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)


class TokenRefreshSerializer(jwt_serializers.TokenRefreshSerializer):
    token_class = FamilyRefreshToken

    def validate(self, attrs):
        token = self.token_class(attrs["refresh"])
        family = token.get(FAMILY_CLAIM)
        if not family or is_family_revoked(family):
            raise serializers.ValidationError({"refresh": ["Token has been revoked."]})
        data = super().validate(attrs)
        self.user_id = token.get("user_id")
        return data


class TokenRevokeSerializer(serializers.Serializer):
    refresh = serializers.CharField(
        write_only=True, help_text="The refresh token of the login to revoke."
    )


class MeSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="get_full_name", read_only=True)
    # Users may have no address: "" is a valid answer, which an "email" format forbids.
    email = serializers.CharField(read_only=True, help_text="Email address; empty when none.")
    permissions = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = [
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "full_name",
            "is_staff",
            "is_superuser",
            "last_login",
            "permissions",
        ]
        read_only_fields = fields

    def get_permissions(self, user) -> list[str]:
        return sorted(user.get_all_permissions())
