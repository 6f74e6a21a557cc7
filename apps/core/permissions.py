"""Permissions behind core's base API views (apps/core/api/views.py). Views never set these
directly: they pick a base view, which says who may call it."""

from rest_framework import permissions

from .roles import user_has_role


class IsStaff(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class InDepartment(permissions.BasePermission):
    """Staff of the view's ``department`` (a Django group, see accounts.departments); any staff
    member when the view names none. Superusers pass."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_staff):
            return False
        department = getattr(view, "department", None)
        if not department or user.is_superuser:
            return True
        return user.groups.filter(name=department).exists()


class HasRole(permissions.BasePermission):
    """The person holds the view's ``role`` (see apps.core.roles). Which objects they may touch
    is decided where the objects are fetched (the app's access function)."""

    def has_permission(self, request, view):
        return user_has_role(user=request.user, role=view.role)
