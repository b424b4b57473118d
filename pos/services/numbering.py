"""Receipt numbers come from each register's own sequence (made on the device, offline too):
<booth>-<register>-<6 digits>. The server only tells a (re)paired device where to continue."""

from __future__ import annotations

from ..models import Register, Sale


def format_receipt(register: Register, seq: int) -> str:
    return f"{register.receipt_prefix}-{seq:06d}"


def last_sequence(register: Register) -> int:
    prefix = register.receipt_prefix + "-"
    numbers = Sale.objects.filter(register=register, receipt_number__startswith=prefix).values_list("receipt_number", flat=True)
    best = 0
    for number in numbers.order_by("-received_at")[:500]:
        tail = number[len(prefix) :]
        if tail.isdigit():
            best = max(best, int(tail))
    return best
