from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from ..models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active", "is_staff", "unit__region"]
    search_fields = ["username", "first_name", "last_name", "email", "unit__name"]
    autocomplete_fields = ["unit"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Role in the delegation"), {"fields": ["role", "unit", "phone"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("Role in the delegation"), {"fields": ["role", "unit"]}),
    ]
