PRODUCTS_QUERY = """
query Products($channel: String, $first: Int, $last: Int, $after: String, $before: String,
               $filter: ProductFilterInput, $where: ProductWhereInput, $sortBy: ProductOrder, $search: String) {
  products(channel: $channel, first: $first, last: $last, after: $after, before: $before,
           filter: $filter, where: $where, sortBy: $sortBy, search: $search) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id name slug } }
  }
}
"""

PRODUCTS_FULL_QUERY = """
query Products($channel: String, $first: Int) {
  products(channel: $channel, first: $first) {
    edges { node {
      id name slug rating created updatedAt channel isAvailable isAvailableForPurchase availableForPurchaseAt
      thumbnail(size: 255) { url alt }
      category { id name slug }
      productType { id name kind }
      collections { id name }
      pricing { onSale displayGrossPrices
        priceRange { start { gross { amount currency } net { amount } tax { amount } } stop { gross { amount } } }
        priceRangeUndiscounted { start { gross { amount } } } }
      attributes { attribute { slug name } values { slug name } }
      defaultVariant { id sku }
      variants { id sku name quantityAvailable pricing { price { gross { amount currency } } } }
      translation(languageCode: EN) { name }
    } }
  }
}
"""
