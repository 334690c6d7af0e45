// Product descriptions come from files the shop does not control and are
// shown as HTML on the storefront. Everything outside a small allow-list of
// formatting tags is removed here, before the text reaches the database:
// scripts, styles, links, images, event and style attributes. The list is
// the one the catalog contract promises to clients.
import sanitizeHtml from "sanitize-html";

/** The tags a stored description may contain, all without attributes. */
export const allowedDescriptionTags = [
  "p",
  "br",
  "ul",
  "ol",
  "li",
  "strong",
  "em",
  "b",
  "i",
] as const;

const descriptionOptions: sanitizeHtml.IOptions = {
  allowedTags: [...allowedDescriptionTags],
  allowedAttributes: {},
  // The content of these is dropped with the tag; of other removed tags
  // (a, span, h2...) only the tag goes and its text stays.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe"],
};

const tagPattern = /<\/?[a-z][a-z0-9]*(\s[^>]*)?\/?>|<!--/i;

/**
 * Returns `text` as safe description HTML. Text with HTML tags is sanitised
 * to the allow-list, and entities such as `&bull;` are decoded. Plain text is
 * escaped, with blank lines as paragraph breaks and single line breaks as
 * `<br>`.
 */
export function sanitizeDescription(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return "";
  if (tagPattern.test(trimmed)) {
    return sanitizeHtml(trimmed, descriptionOptions).trim();
  }
  return plainTextToHtml(trimmed);
}

function plainTextToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "");
  return paragraphs
    .map((paragraph) => {
      const lines = paragraph
        .split("\n")
        .map((line) => escapeText(line.trim()));
      return `<p>${lines.join("<br>")}</p>`;
    })
    .join("\n");
}

/**
 * Escapes the characters that are markup in HTML text content. Quotes need
 * no escaping outside attributes, and leaving them keeps `&#39;` out of the
 * search index.
 */
function escapeText(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/**
 * Returns the plain text of a one-line field such as a product name: tags
 * removed, entities decoded (`Lumaflex&trade;` becomes `Lumaflex™`) and
 * white space collapsed. The result is text, to be escaped when rendered.
 */
export function htmlToPlainText(text: string): string {
  const escaped = sanitizeHtml(text, {
    allowedTags: [],
    allowedAttributes: {},
  });
  return escaped
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
