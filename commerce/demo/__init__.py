"""The demo catalog: Tây Ninh's OCOP specialties, loaded by `manage.py load_demo`.

`catalog` holds the data, `builder` writes it through the models, `images` draws the pictures.
"""
