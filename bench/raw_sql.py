"""The products page as one hand-written SQL statement: the floor a GraphQL listing is compared to.

Same rows as `products(channel:, first: 24)` with thumbnail, pricing, category and attributes:
the visible, published products of the channel in its default order (unaccented lower-case name, slug), their total count, category,
first image (with its 256px thumbnail when one is stored), variant price range in the channel
and every assigned attribute value.
"""

from __future__ import annotations

from django.db import connection

from commerce.attribute.models import AssignedProductAttributeValue, Attribute, AttributeValue
from commerce.product.models import (
    Category,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductVariant,
    ProductVariantChannelListing,
    Thumbnail,
)

SQL = """
WITH page AS (
    SELECT p.id, p.name, p.slug, p.category_id, pcl.currency, lower(unaccent(p.name)) AS sort_name, COUNT(*) OVER () AS total
    FROM {product} p
    JOIN {listing} pcl ON pcl.product_id = p.id AND pcl.channel_id = %(channel)s
    WHERE pcl.is_published AND pcl.visible_in_listings
      AND (pcl.published_at IS NULL OR pcl.published_at <= now())
    ORDER BY lower(unaccent(p.name)), p.slug
    LIMIT %(limit)s
)
SELECT page.id, page.name, page.slug, page.total, page.currency,
       c.id, c.name, c.slug,
       media.image, media.alt, media.thumbnail,
       prices.low, prices.high,
       attrs.values
FROM page
LEFT JOIN {category} c ON c.id = page.category_id
LEFT JOIN LATERAL (
    SELECT m.image, m.alt, t.image AS thumbnail
    FROM {media} m
    LEFT JOIN {thumbnail} t ON t.product_media_id = m.id AND t.size = 256 AND t.format IS NULL
    WHERE m.product_id = page.id
    ORDER BY m.sort_order, m.id
    LIMIT 1
) media ON true
LEFT JOIN LATERAL (
    SELECT MIN(COALESCE(vcl.discounted_price_amount, vcl.price_amount)) AS low,
           MAX(COALESCE(vcl.discounted_price_amount, vcl.price_amount)) AS high
    FROM {variant} v
    JOIN {variant_listing} vcl ON vcl.variant_id = v.id AND vcl.channel_id = %(channel)s
    WHERE v.product_id = page.id AND vcl.price_amount IS NOT NULL
) prices ON true
LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object('attribute', a.slug, 'attribute_name', a.name, 'slug', v.slug, 'name', v.name)
                    ORDER BY apv.sort_order, apv.id) AS values
    FROM {assigned} apv
    JOIN {value} v ON v.id = apv.value_id
    JOIN {attribute} a ON a.id = v.attribute_id
    WHERE apv.product_id = page.id AND a.visible_in_storefront
) attrs ON true
ORDER BY page.sort_name, page.slug
"""


def products_page_sql() -> str:
    return SQL.format(
        product=Product._meta.db_table,
        listing=ProductChannelListing._meta.db_table,
        category=Category._meta.db_table,
        media=ProductMedia._meta.db_table,
        thumbnail=Thumbnail._meta.db_table,
        variant=ProductVariant._meta.db_table,
        variant_listing=ProductVariantChannelListing._meta.db_table,
        assigned=AssignedProductAttributeValue._meta.db_table,
        value=AttributeValue._meta.db_table,
        attribute=Attribute._meta.db_table,
    )


def fetch_products_page(channel_id: int, limit: int = 24) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(products_page_sql(), {"channel": channel_id, "limit": limit})
        return cursor.fetchall()
