import sanitizeHtml from 'sanitize-html';

/**
 * Rich text as users write it in the web editor, reduced to what a page may show: paragraphs,
 * emphasis, lists, headings, quotes and http(s)/mailto links. Scripts, styles, event handlers,
 * images and unknown tags are removed (their text kept), so stored HTML is safe to render.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'blockquote', 'a'],
  // rel and target are set by the transform below, whatever the input said.
  allowedAttributes: { a: ['href', 'rel', 'target'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
  disallowedTagsMode: 'discard',
};

export function sanitizeRichText(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}
