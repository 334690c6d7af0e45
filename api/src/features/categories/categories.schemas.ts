// Request and response schemas of the category routes; the OpenAPI contract
// is generated from them.
import { Type, type Static } from "@sinclair/typebox";

const slugField = Type.String({ description: "The category's slug." });
const nameField = Type.String({ description: "The category's display name." });
const pathField = Type.String({
  description:
    "The slash-joined slugs from the root down to this category, such as `men/tops`.",
});
const productCountField = Type.Integer({
  description: "Listed products in this category and all its subcategories.",
});

export const CategoryNodeSchema = Type.Recursive(
  (Node) =>
    Type.Object(
      {
        id: Type.String({ format: "uuid", description: "The category's id." }),
        slug: slugField,
        name: nameField,
        path: pathField,
        product_count: productCountField,
        children: Type.Array(Node, {
          description: "Subcategories, in display order.",
        }),
      },
      { description: "A category with its subcategories." },
    ),
  { $id: "CategoryNode" },
);

export const CategoryTreeSchema = Type.Object(
  {
    results: Type.Array(CategoryNodeSchema, {
      description: "The root categories, in display order.",
    }),
  },
  { $id: "CategoryTree", description: "The whole category tree." },
);

export const CategorySlugParamsSchema = Type.Object({
  slug: Type.String({
    minLength: 1,
    maxLength: 200,
    description: "The category's slug.",
  }),
});

export const CategoryDetailSchema = Type.Object(
  {
    id: Type.String({ format: "uuid", description: "The category's id." }),
    slug: slugField,
    name: nameField,
    description: Type.String({
      description: "Plain text shown on the category page; may be empty.",
    }),
    path: pathField,
    product_count: productCountField,
    ancestors: Type.Array(Type.Object({ slug: slugField, name: nameField }), {
      description:
        "The categories above this one, root first; empty for a root category.",
    }),
    children: Type.Array(
      Type.Object({
        slug: slugField,
        name: nameField,
        product_count: productCountField,
      }),
      { description: "The direct subcategories, in display order." },
    ),
  },
  {
    $id: "CategoryDetail",
    description: "A category with its ancestors and children.",
  },
);

export type CategoryNode = Static<typeof CategoryNodeSchema>;
export type CategoryTree = Static<typeof CategoryTreeSchema>;
export type CategoryDetail = Static<typeof CategoryDetailSchema>;
