"""Reads of pages: who may see which."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Page


def published_q(now=None) -> Q:
    """Published, and past its publication time when one is set (scheduled pages stay hidden)."""
    now = now or timezone.now()
    return Q(is_published=True) & (Q(published_at__isnull=True) | Q(published_at__lte=now))


def pages_visible_to(can_manage_pages: bool, now=None) -> QuerySet:
    """Everything for page managers; only published pages for everybody else."""
    pages = Page.objects.all()
    return pages if can_manage_pages else pages.filter(published_q(now))
