// Request and response schemas of the product routes. Fastify validates the
// query with them, serialises the responses with them, and the OpenAPI
// contract is generated from them, so every field carries a description.
import { Type, type Static } from "@sinclair/typebox";

import { productSorts, type ProductSort } from "./products.queries.js";

/** The largest value a PostgreSQL integer column stores. */
const maxMinorUnits = 2_147_483_647;

export const ProductListQuerySchema = Type.Object({
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        "Search text, trimmed. Matches the name, brand, tags and description (web search syntax: quoted phrases, `or`, `-word`) and names within a typo or two.",
    }),
  ),
  category: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        "Category slug. Lists the products of that category and of all its subcategories.",
    }),
  ),
  min_price: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: maxMinorUnits,
      description:
        "Lowest `price_min` to list, in minor units of the shop currency, inclusive.",
    }),
  ),
  max_price: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: maxMinorUnits,
      description:
        "Highest `price_min` to list, in minor units of the shop currency, inclusive. Must not be below `min_price`.",
    }),
  ),
  in_stock: Type.Optional(
    Type.Boolean({
      description:
        "`true` lists only products with stock on hand, `false` only products without; omit it to list both.",
    }),
  ),
  sort: Type.Optional(
    Type.Unsafe<ProductSort>({
      type: "string",
      enum: [...productSorts],
      description:
        "Order of the results: `relevance` (the default when `q` is given; without `q` it means `newest`), `newest` (the default otherwise), `price` (lowest `price_min` first), `-price` (highest first) or `name`.",
    }),
  ),
  page: Type.Integer({
    minimum: 1,
    maximum: 1_000_000,
    default: 1,
    description: "Page number, from 1.",
  }),
  page_size: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 20,
    description: "Products per page.",
  }),
});

export type ProductListQuery = Static<typeof ProductListQuerySchema>;

export const ProductSlugParamsSchema = Type.Object({
  slug: Type.String({
    minLength: 1,
    maxLength: 200,
    description: "The product's slug.",
  }),
});

const CategoryRefSchema = Type.Object({
  slug: Type.String({ description: "The category's slug." }),
  name: Type.String({ description: "The category's display name." }),
});

const ImageSchema = Type.Object({
  url: Type.String({
    description:
      "An absolute URL, or a path under `/media/` served by this API.",
  }),
  alt: Type.String({ description: "Text alternative for the image." }),
});

const priceMinField = Type.Integer({
  description: "Lowest price of the active variants, in minor units.",
});
const priceMaxField = Type.Integer({
  description: "Highest price of the active variants, in minor units.",
});
const currencyField = Type.String({
  description: "ISO 4217 code of the prices.",
  examples: ["USD"],
});
const inStockField = Type.Boolean({
  description: "True when an active variant has stock on hand.",
});
const brandField = Type.Union([Type.String(), Type.Null()], {
  description: "The brand, or null when the product has none.",
});
const categoryField = Type.Union([CategoryRefSchema, Type.Null()], {
  description: "The product's category, or null when it has none.",
});

export const ProductSummarySchema = Type.Object(
  {
    id: Type.String({ format: "uuid", description: "The product's id." }),
    slug: Type.String({ description: "The product's slug, used in URLs." }),
    name: Type.String({ description: "The product's display name." }),
    brand: brandField,
    category: categoryField,
    price_min: priceMinField,
    price_max: priceMaxField,
    currency: currencyField,
    in_stock: inStockField,
    image: Type.Union([ImageSchema, Type.Null()], {
      description: "The first image, or null when the product has none.",
    }),
    created_at: Type.String({
      format: "date-time",
      description: "When the product was created (ISO 8601).",
    }),
  },
  { $id: "ProductSummary", description: "A product as listed." },
);

const FacetCategorySchema = Type.Object({
  slug: Type.String({ description: "The category's slug." }),
  name: Type.String({ description: "The category's display name." }),
  count: Type.Integer({
    description: "Matching products in the category and its subcategories.",
  }),
});

const PriceRangeSchema = Type.Object({
  min: Type.Integer({ description: "Lower bound in minor units, inclusive." }),
  max: Type.Union([Type.Integer(), Type.Null()], {
    description: "Upper bound in minor units, exclusive; null for no bound.",
  }),
  count: Type.Integer({
    description: "Matching products whose `price_min` lies in the range.",
  }),
});

const pageLinkField = (description: string) =>
  Type.Union([Type.String(), Type.Null()], { description });

export const ProductListSchema = Type.Object(
  {
    count: Type.Integer({ description: "Products matching every filter." }),
    page: Type.Integer({ description: "This page's number, from 1." }),
    page_size: Type.Integer({ description: "Products per page." }),
    total_pages: Type.Integer({
      description: "Number of pages; at least 1, even with no results.",
    }),
    next: pageLinkField(
      "Relative reference to the next page with the same filters, or null on the last page.",
    ),
    previous: pageLinkField(
      "Relative reference to the previous page with the same filters, or null on the first page.",
    ),
    results: Type.Array(ProductSummarySchema, {
      description: "The products of this page.",
    }),
    facets: Type.Object(
      {
        categories: Type.Array(FacetCategorySchema, {
          description:
            "Counts per top-level category, or per child category when `category` is given, computed with every filter except `category`. Categories without matches are left out.",
        }),
        price_ranges: Type.Array(PriceRangeSchema, {
          description:
            "Counts per fixed price band, computed with every filter except `min_price` and `max_price`. Every band is listed, even with a count of 0.",
        }),
      },
      { description: "Counts that help narrow the search." },
    ),
  },
  { $id: "ProductList", description: "One page of matching products." },
);

export const ProductDetailSchema = Type.Object(
  {
    id: Type.String({ format: "uuid", description: "The product's id." }),
    slug: Type.String({ description: "The product's slug, used in URLs." }),
    name: Type.String({ description: "The product's display name." }),
    description: Type.String({
      description:
        "Sanitised HTML limited to the tags p, br, ul, ol, li, strong, em, b and i, without attributes.",
    }),
    brand: brandField,
    tags: Type.Array(Type.String(), {
      description: "Free-form tags, in the order they were given.",
    }),
    category: categoryField,
    category_path: Type.Array(CategoryRefSchema, {
      description:
        "The chain of categories from the root down to the product's category; empty when it has none.",
    }),
    price_min: priceMinField,
    price_max: priceMaxField,
    currency: currencyField,
    in_stock: inStockField,
    images: Type.Array(ImageSchema, {
      description: "The product's images, in display order.",
    }),
    options: Type.Array(
      Type.Object({
        name: Type.String({ description: "Option name, such as `size`." }),
        values: Type.Array(Type.String(), {
          description:
            "The values the active variants take, in first-seen order.",
        }),
      }),
      {
        description:
          "The options the variants vary on, in first-seen order of the variants.",
      },
    ),
    variants: Type.Array(
      Type.Object({
        id: Type.String({ format: "uuid", description: "The variant's id." }),
        sku: Type.String({ description: "The stock keeping unit." }),
        options: Type.Record(Type.String(), Type.String(), {
          description: 'Option name to value, such as `{"size": "M"}`.',
        }),
        price: Type.Integer({ description: "Unit price in minor units." }),
        currency: currencyField,
        stock_on_hand: Type.Integer({
          description: "Stock on hand: units the shop can sell now.",
        }),
        in_stock: Type.Boolean({
          description: "True when the stock on hand is above zero.",
        }),
      }),
      { description: "The active variants, in display order." },
    ),
    created_at: Type.String({
      format: "date-time",
      description: "When the product was created (ISO 8601).",
    }),
    updated_at: Type.String({
      format: "date-time",
      description: "When the product last changed (ISO 8601).",
    }),
  },
  { $id: "ProductDetail", description: "A product with its variants." },
);

export type ProductSummary = Static<typeof ProductSummarySchema>;
export type ProductList = Static<typeof ProductListSchema>;
export type ProductDetail = Static<typeof ProductDetailSchema>;
