/** A demo product as written in the demo data files. */
export interface DemoItem {
  name: string;
  /** Decimal price in major units, such as "12.50". */
  price: string;
  description: string;
  tags: string[];
  /** Stock of every variant; computed from the position when absent. */
  stock?: number;
  /** Option values for a product with variants, one variant per combination. */
  sizes?: string[];
  colors?: string[];
  /** Option values whose variants are sold out (stock 0), such as "XL". */
  soldOut?: string[];
}

/** Demo products of one category, sharing a brand, a picture and a SKU code. */
export interface DemoGroup {
  /** Category path from the root, such as "Apparel/T-shirts". */
  category: string;
  /** File name under api/media/demo/. */
  image: string;
  brand: string;
  /** Three letters that start the SKUs of the group, such as "TSH". */
  skuCode: string;
  items: DemoItem[];
}
