"""Order numbers come from a PostgreSQL sequence: concurrent checkouts each get their own
number without locking a counter row (a rolled-back order leaves a gap, as in Saleor)."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("order", "0002_initial")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS order_order_number_seq START 1;",
            reverse_sql="DROP SEQUENCE IF EXISTS order_order_number_seq;",
        )
    ]
