/** Which upstream content types the asset proxy serves: stylesheets, fonts and images, nothing else. */

/** A media type's `type/subtype`, in lower case. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;

/** Font files by extension, for servers that label them application/octet-stream. */
const FONT_TYPE_BY_EXTENSION: Readonly<Record<string, string>> = {
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  eot: 'application/vnd.ms-fontobject',
};

/**
 * The media type to serve for an upstream `Content-Type` header of the asset at URL path
 * `path`: text/css, font/*, application/(x-)font-*, application/vnd.ms-fontobject, image/*, or
 * application/octet-stream of a .woff/.woff2/.ttf/.otf/.eot file (as its font type); else null.
 */
export function servedContentType(header: string | undefined, path: string): string | null {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  if (!MEDIA_TYPE.test(type)) return null;
  if (type === 'text/css' || type === 'application/vnd.ms-fontobject') return type;
  if (type.startsWith('font/') || type.startsWith('image/')) return type;
  if (type.startsWith('application/font-') || type.startsWith('application/x-font-')) return type;
  if (type === 'application/octet-stream') {
    const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
    return (extension !== undefined && FONT_TYPE_BY_EXTENSION[extension]) || null;
  }
  return null;
}
