/** [Content_Types].xml: the Open Packaging Conventions part list, one Default per file extension in the zip. */
import { XML_DECLARATION, element } from './xml';

export function contentTypesXml(entryNames: readonly string[]): string {
  const extensions = new Set<string>(['xml']);
  for (const name of entryNames) {
    const base = name.slice(name.lastIndexOf('/') + 1);
    const dot = base.lastIndexOf('.');
    if (dot > 0) extensions.add(base.slice(dot + 1).toLowerCase());
  }
  const defaults = [...extensions]
    .sort()
    .map((extension) => element('Default', { Extension: extension, ContentType: 'application/octet-stream' }));
  return `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${defaults.join('')}</Types>`;
}
