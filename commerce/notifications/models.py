from django.db import models
from django.utils import timezone


class PendingEmail(models.Model):
    """An order e-mail owed to the customer: written in the same transaction as the order change
    that calls for it, marked sent by the task that sends it. Whatever the broker loses (Redis
    down when the task was queued, a message dropped) the sweeper finds here and sends."""

    order = models.ForeignKey("order.Order", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True)  # what send_order_email returned
    attempts = models.PositiveSmallIntegerField(default=0)  # by the sweeper
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["created_at"], condition=models.Q(sent_at__isnull=True), name="notifications_email_unsent")]

    def __str__(self) -> str:
        return f"{self.kind} for order {self.order_id}"
