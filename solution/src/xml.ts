/** Minimal XML writing helpers: escaping and one declaration, nothing else. */

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `<name a="b" />` or `<name a="b">text</name>` with every attribute and the text escaped. */
export function element(name: string, attributes: Record<string, string> = {}, text?: string): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  return text === undefined ? `<${name}${attrs} />` : `<${name}${attrs}>${escapeXml(text)}</${name}>`;
}

export function indent(lines: string[], depth: number): string[] {
  const pad = '  '.repeat(depth);
  return lines.map((line) => pad + line);
}
