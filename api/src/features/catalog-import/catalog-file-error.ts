/**
 * Thrown when a catalog file as a whole cannot be read: an unknown extension,
 * malformed CSV or JSON, or a header of no known shape. Single bad rows are
 * reported as rejected rows instead.
 */
export class CatalogFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CatalogFileError";
  }
}
