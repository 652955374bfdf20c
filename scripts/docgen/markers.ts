/**
 * Generated parts of hand-written docs sit between a pair of HTML comments, so prose around them stays
 * hand-written and `npm run docs` only ever rewrites what is between the markers.
 */

export function beginMarker(section: string): string {
  return `<!-- BEGIN GENERATED: ${section} (edit the source and run \`npm run docs\`, not this block) -->`;
}

export function endMarker(section: string): string {
  return `<!-- END GENERATED: ${section} -->`;
}

function bounds(document: string, section: string): { start: number; end: number } {
  const begin = beginMarker(section);
  const end = endMarker(section);
  const beginAt = document.indexOf(begin);
  const endAt = document.indexOf(end);
  if (beginAt < 0 || endAt < 0) {
    throw new Error(`no generated section "${section}": expected the lines\n${begin}\n${end}`);
  }
  if (endAt < beginAt || document.indexOf(begin, beginAt + 1) >= 0) {
    throw new Error(
      `generated section "${section}" must have exactly one BEGIN marker before its END marker`,
    );
  }
  return { start: beginAt + begin.length, end: endAt };
}

/** The text between a section's markers, without the blank lines that separate it from them. */
export function readSection(document: string, section: string): string {
  const { start, end } = bounds(document, section);
  return document.slice(start, end).trim();
}

/** The document with a section's content replaced; everything outside the markers is kept byte for byte. */
export function replaceSection(document: string, section: string, content: string): string {
  const { start, end } = bounds(document, section);
  return `${document.slice(0, start)}\n\n${content.trim()}\n\n${document.slice(end)}`;
}
