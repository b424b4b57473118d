"""`ocop manage pos_push_orders`: make the core's orders for recorded sales that have none yet
(after the core was unreachable, or a process died between recording and pushing)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Push recorded fair sales without an order to the core (orderBulkCreate)."

    def handle(self, *args, **options):
        from pos.services.orders import push_pending

        self.stdout.write(f"{push_pending()} sales pushed")
