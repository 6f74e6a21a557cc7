from rest_framework import permissions


class ConsentsComplete(permissions.BasePermission):
    """No personal data is processed before the required consents (terms, privacy, in their
    current versions) and, for users under 14, a guardian's consent (PIPA art. 22-2).

    Meant to follow IsAuthenticated in DEFAULT_PERMISSION_CLASSES: anonymous requests pass (the
    view's other permissions decide), staff pass (they work under their employment, not citizen
    consent), and a view opts out with ``consent_exempt = True``.
    """

    def has_permission(self, request, view) -> bool:
        # imported here: DRF imports this module while loading its settings, before our errors
        # module (which imports DRF's views) can be imported
        from .errors import AccountError
        from .selectors import consent_status

        if getattr(view, "consent_exempt", False):
            return True
        user = request.user
        if not (user and user.is_authenticated) or user.is_staff:
            return True
        status = consent_status(user=user)
        if status.missing:
            raise AccountError.consent_required(status.missing, status=403)
        if status.guardian_required:
            raise AccountError.guardian_consent_required()
        return True
