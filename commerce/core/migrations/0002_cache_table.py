"""The table of Django's DatabaseCache (settings: CACHES without Redis in production), so
rate limits and lockouts are shared by all web processes with nothing to run by hand
(the same columns `manage.py createcachetable` would make)."""
from django.db import migrations

CREATE = """
CREATE TABLE IF NOT EXISTS "ocop_cache" (
    "cache_key" varchar(255) NOT NULL PRIMARY KEY,
    "value" text NOT NULL,
    "expires" timestamp with time zone NOT NULL
);
CREATE INDEX IF NOT EXISTS "ocop_cache_expires" ON "ocop_cache" ("expires");
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunSQL(CREATE, 'DROP TABLE IF EXISTS "ocop_cache";')]
