"""The demo: Tây Ninh's OCOP specialties in a working shop, loaded by `manage.py load_demo`
(and so by `ocop run` on an empty database).

A development tool beside the core, not part of it: it seeds the core and each of its clients —
the products through the registry sync (catalog_sync) of the bundled export, the dress-up and
set-up through the core's models, a trade fair with a paired register through pos.demo — so it
may import them all, while commerce/ imports none of them (tests/architecture).

`catalog` holds the data, `builder` writes it, `images` draws the pictures.
"""
