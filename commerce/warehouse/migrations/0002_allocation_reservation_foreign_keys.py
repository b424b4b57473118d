"""Allocation.order_line_id and Reservation.checkout_line_id become real foreign keys now that
orders and checkouts exist. The columns keep their names; a row that names no existing line
could never be released by anything, so such rows are dropped before the constraint is added."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("warehouse", "0001_initial"),
        ("order", "0001_initial"),
        ("checkout", "0001_initial"),
    ]

    operations = [
        migrations.AlterUniqueTogether(name="allocation", unique_together=set()),
        migrations.AlterUniqueTogether(name="reservation", unique_together=set()),
        migrations.RunSQL(
            "DELETE FROM warehouse_allocation WHERE order_line_id NOT IN (SELECT id FROM order_orderline);"
            "DELETE FROM warehouse_reservation WHERE checkout_line_id NOT IN (SELECT id FROM checkout_checkoutline);",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="allocation", name="order_line_id"),
                migrations.AddField(
                    model_name="allocation",
                    name="order_line",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="allocations", to="order.orderline"),
                    preserve_default=False,
                ),
                migrations.RemoveField(model_name="reservation", name="checkout_line_id"),
                migrations.AddField(
                    model_name="reservation",
                    name="checkout_line",
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="reservations", to="checkout.checkoutline"),
                    preserve_default=False,
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE warehouse_allocation ADD CONSTRAINT warehouse_allocation_order_line_id_fk "
                    "FOREIGN KEY (order_line_id) REFERENCES order_orderline (id) DEFERRABLE INITIALLY DEFERRED;"
                    "ALTER TABLE warehouse_reservation ADD CONSTRAINT warehouse_reservation_checkout_line_id_fk "
                    "FOREIGN KEY (checkout_line_id) REFERENCES checkout_checkoutline (id) DEFERRABLE INITIALLY DEFERRED;",
                    reverse_sql="ALTER TABLE warehouse_allocation DROP CONSTRAINT warehouse_allocation_order_line_id_fk;"
                    "ALTER TABLE warehouse_reservation DROP CONSTRAINT warehouse_reservation_checkout_line_id_fk;",
                ),
            ],
        ),
        migrations.AlterUniqueTogether(name="allocation", unique_together={("order_line", "stock")}),
        migrations.AlterUniqueTogether(name="reservation", unique_together={("checkout_line", "stock")}),
    ]
