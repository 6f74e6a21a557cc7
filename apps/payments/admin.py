from uuid import uuid4

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from apps.core.errors import ApplicationError

from . import services
from .models import IdempotencyKey, Order, OrderLine, Payment, Refund


class OrderLineInline(TranslationTabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    fields = ["label", "amount_krw", "quantity", "reference"]
    readonly_fields = ["amount_krw", "quantity", "reference"]

    def has_add_permission(self, request, obj=None):
        return False


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    can_delete = False
    fields = [
        "variant",
        "status",
        "transaction_id",
        "total",
        "captured_amount",
        "message",
        "created",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class RefundInline(admin.TabularInline):
    model = Refund
    extra = 0
    can_delete = False
    fields = ["amount_krw", "reason", "status", "provider_reference", "requested_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "receipt_number",
        "user",
        "purpose",
        "description",
        "total_krw",
        "refunded_krw",
        "status",
        "paid_at",
        "created_at",
    ]
    list_filter = ["status", "purpose", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["id", "reference", "user__phone", "user__display_name", "description_ko"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    inlines = [OrderLineInline, PaymentInline, RefundInline]
    actions = ["refund_in_full"]
    # Amounts and states only change through services (charge, confirm, refund).
    readonly_fields = [
        "user",
        "purpose",
        "reference",
        "total_krw",
        "refunded_krw",
        "status",
        "idempotency_key",
        "paid_at",
        "created_at",
        "updated_at",
    ]
    fields = ["description_ko", "description_en", *readonly_fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # kept 5 years (전자상거래법)

    def has_refund_permission(self, request) -> bool:
        return request.user.has_perm("payments.refund_order")

    @admin.action(description=_("Refund in full"), permissions=["refund"])
    def refund_in_full(self, request, queryset):
        done = 0
        for order in queryset:
            try:
                services.order_refund(
                    order_id=order.id,
                    reason=str(_("Refunded by staff")),
                    requested_by=request.user,
                    idempotency_key=f"admin-{request.user.pk}-{uuid4()}",
                )
            except ApplicationError as error:
                self.message_user(
                    request, f"{order.receipt_number}: {error.message}", messages.WARNING
                )
            else:
                done += 1
        if done:
            self.message_user(
                request, _("%(count)d order(s) refunded.") % {"count": done}, messages.SUCCESS
            )


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = [
        "order",
        "variant",
        "status",
        "total",
        "captured_amount",
        "transaction_id",
        "created",
    ]
    list_filter = ["variant", "status", ("created", admin.DateFieldListFilter)]
    search_fields = ["transaction_id", "order__id", "order__user__phone"]
    list_select_related = ["order"]
    readonly_fields = [f.name for f in Payment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ["order", "amount_krw", "reason", "status", "requested_by", "created_at"]
    list_filter = ["status", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["order__id", "reason", "provider_reference", "order__user__phone"]
    list_select_related = ["order", "requested_by"]
    readonly_fields = [f.name for f in Refund._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(admin.ModelAdmin):
    list_display = ["key", "user", "order", "created_at"]
    list_filter = [("created_at", admin.DateFieldListFilter)]
    search_fields = ["key", "user__phone", "order__id"]
    list_select_related = ["user", "order"]
    readonly_fields = ["key", "user", "order", "fingerprint", "created_at"]

    def has_add_permission(self, request):
        return False
