// Finds or creates the categories an import names. A path segment matches a
// child of the previous node by name (ignoring case) or by slug. A path of a
// single segment may also name an existing category anywhere in the tree by
// its slug, so a file can write "kitchen" for Home/Kitchen.
//
// Slugs are unique across the tree. A new category takes the slug of its
// name; when another category already has it, the parent's slug is put in
// front (`women-tops` beside `tops`), then a number (`women-tops-2`). The
// first category with a name therefore keeps the short slug, which makes the
// result depend on the order of the files and of their rows.
import { randomUUID } from "node:crypto";

import type { Database } from "../../db/client.js";
import {
  findAllCategories,
  insertCategory,
  type CategoryRow,
} from "./catalog-import.queries.js";
import { humanizeSlug, isSlug, slugify } from "./import-record.js";

/** Category ids by path key (see `categoryPathKey`) and the count created. */
export interface EnsuredCategories {
  idsByPath: Map<string, string>;
  created: number;
}

/** The key of a category path in `EnsuredCategories.idsByPath`. */
export function categoryPathKey(path: readonly string[]): string {
  return JSON.stringify(path);
}

/** Finds or creates every category of `paths` and their ancestors. */
export async function ensureCategories(
  db: Database,
  paths: readonly (readonly string[])[],
): Promise<EnsuredCategories> {
  const tree = new CategoryTree(await findAllCategories(db));
  const idsByPath = new Map<string, string>();
  let created = 0;
  for (const path of paths) {
    const key = categoryPathKey(path);
    if (idsByPath.has(key)) continue;
    let parent: CategoryRow | null = null;
    for (const [index, segment] of path.entries()) {
      let node: CategoryRow | undefined = tree.findChild(parent, segment);
      if (!node && path.length === 1) node = tree.findBySlug(segment);
      if (!node) {
        node = tree.add(parent, segment);
        await insertCategory(db, node);
        created += 1;
      }
      parent = node;
      if (index === path.length - 1) idsByPath.set(key, node.id);
    }
  }
  return { idsByPath, created };
}

/** Returns the display name of a path segment written as a name or a slug. */
function toCategoryName(segment: string): string {
  return isSlug(segment) ? humanizeSlug(segment) : segment;
}

class CategoryTree {
  private readonly bySlug = new Map<string, CategoryRow>();
  private readonly childrenByParent = new Map<string | null, CategoryRow[]>();

  constructor(rows: CategoryRow[]) {
    for (const row of rows) this.index(row);
  }

  /**
   * Finds the child of `parent` that `segment` names: by name ignoring case,
   * where a slug-like segment stands for its humanised name, or by slug.
   */
  findChild(
    parent: CategoryRow | null,
    segment: string,
  ): CategoryRow | undefined {
    const siblings = this.childrenByParent.get(parent?.id ?? null) ?? [];
    const name = toCategoryName(segment).toLowerCase();
    return (
      siblings.find((node) => node.name.toLowerCase() === name) ??
      siblings.find((node) => node.slug === segment)
    );
  }

  findBySlug(slug: string): CategoryRow | undefined {
    return this.bySlug.get(slug);
  }

  /** Builds a new node under `parent` with a free slug and indexes it. */
  add(parent: CategoryRow | null, segment: string): CategoryRow {
    const name = toCategoryName(segment);
    const slug = this.chooseSlug(slugify(name) || "category", parent);
    const node: CategoryRow = {
      id: randomUUID(),
      parentId: parent?.id ?? null,
      slug,
      name,
      path: parent ? `${parent.path}/${slug}` : slug,
    };
    this.index(node);
    return node;
  }

  private chooseSlug(base: string, parent: CategoryRow | null): string {
    if (!this.bySlug.has(base)) return base;
    const prefixed = parent ? `${parent.slug}-${base}` : base;
    if (!this.bySlug.has(prefixed)) return prefixed;
    let number = 2;
    while (this.bySlug.has(`${prefixed}-${number}`)) number += 1;
    return `${prefixed}-${number}`;
  }

  private index(row: CategoryRow): void {
    this.bySlug.set(row.slug, row);
    const siblings = this.childrenByParent.get(row.parentId) ?? [];
    siblings.push(row);
    this.childrenByParent.set(row.parentId, siblings);
  }
}
