from rest_framework import permissions


class IsStaff(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class InDepartment(permissions.BasePermission):
    """Staff of one department (a Django group, see accounts.departments). Usage:
    ``permission_classes = [InDepartment.of("transport")]``."""

    department = ""

    @classmethod
    def of(cls, department: str):
        return type(f"In{department.title()}", (cls,), {"department": department})

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_staff):
            return False
        return user.is_superuser or user.groups.filter(name=self.department).exists()
