"""Staff side of wholesale in the dashboard (Django admin): business applications with approve
and decline actions (a form asks for the reason, the applicant gets an e-mail), wholesale rules
per variant, the channels' order minimum, payment terms of wholesale orders, saved lists."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse

from . import services
from .models import BusinessAccount, BusinessAccountStatus, OrderTerms, SavedList, SavedListItem, WholesaleChannelTerms, WholesaleRule


class DecisionForm(forms.Form):
    reason = forms.CharField(label="Lý do / ghi chú gửi doanh nghiệp", widget=forms.Textarea(attrs={"rows": 4, "cols": 60}), required=False)
    net30 = forms.BooleanField(label="Cho trả chậm 30 ngày (net-30)", required=False)
    credit_limit = forms.DecimalField(label="Hạn mức công nợ (₫, để trống: không giới hạn)", required=False, min_value=0, decimal_places=0)


def _decision_action(modeladmin, request, queryset, *, approve: bool):
    form = DecisionForm(request.POST if "apply" in request.POST else None)
    if "apply" in request.POST and form.is_valid() and not approve and not form.cleaned_data["reason"].strip():
        form.add_error("reason", "Vui lòng ghi lý do từ chối: doanh nghiệp sẽ nhận được lý do này.")
    if "apply" in request.POST and form.is_valid():
        done = 0
        for account in queryset:
            try:
                if approve:
                    services.approve(
                        account,
                        request.user,
                        form.cleaned_data["reason"],
                        net30=form.cleaned_data["net30"],
                        credit_limit=form.cleaned_data["credit_limit"],
                    )
                else:
                    services.decline(account, request.user, form.cleaned_data["reason"])
            except ValidationError as exc:
                modeladmin.message_user(request, f"{account}: {' '.join(exc.messages)}", messages.ERROR)
                return None
            done += 1
        verb = "Đã duyệt" if approve else "Đã từ chối"
        modeladmin.message_user(request, f"{verb} {done} hồ sơ; e-mail thông báo đã được gửi.", messages.SUCCESS)
        return None
    return TemplateResponse(
        request,
        "admin/business/decision.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": "Duyệt hồ sơ doanh nghiệp" if approve else "Từ chối hồ sơ doanh nghiệp",
            "accounts": queryset,
            "form": form,
            "approve": approve,
            "opts": modeladmin.model._meta,
            "action": "approve_accounts" if approve else "decline_accounts",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.register(BusinessAccount)
class BusinessAccountAdmin(admin.ModelAdmin):
    list_display = ("company_name", "tax_code", "user", "province", "status", "net30_granted", "created_at", "decided_at")
    list_filter = ("status", "net30_granted", "province")
    search_fields = ("company_name", "tax_code", "user__email", "contact_name", "contact_phone")
    readonly_fields = ("status", "decision_reason", "decided_by", "decided_at", "created_at", "updated_at")
    raw_id_fields = ("user",)
    actions = ("approve_accounts", "decline_accounts")

    @admin.action(description="Duyệt các hồ sơ đã chọn")
    def approve_accounts(self, request, queryset):
        return _decision_action(self, request, queryset, approve=True)

    @admin.action(description="Từ chối các hồ sơ đã chọn (kèm lý do)")
    def decline_accounts(self, request, queryset):
        return _decision_action(self, request, queryset, approve=False)


@admin.register(WholesaleRule)
class WholesaleRuleAdmin(admin.ModelAdmin):
    list_display = ("variant", "case_pack", "min_quantity")
    search_fields = ("variant__sku", "variant__product__name")
    raw_id_fields = ("variant",)


@admin.register(WholesaleChannelTerms)
class WholesaleChannelTermsAdmin(admin.ModelAdmin):
    list_display = ("channel", "min_order_value")


@admin.register(OrderTerms)
class OrderTermsAdmin(admin.ModelAdmin):
    list_display = ("order", "account", "terms", "due_date", "reminded_before_at", "reminded_after_at")
    list_filter = ("terms",)
    search_fields = ("order__number", "account__company_name", "account__tax_code")
    readonly_fields = ("order", "account", "terms", "created_at", "reminded_before_at", "reminded_after_at")


class SavedListItemInline(admin.TabularInline):
    model = SavedListItem
    raw_id_fields = ("variant",)
    extra = 0


@admin.register(SavedList)
class SavedListAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "updated_at")
    search_fields = ("name", "user__email")
    inlines = (SavedListItemInline,)
    raw_id_fields = ("user",)


__all__ = ["BusinessAccountStatus"]
