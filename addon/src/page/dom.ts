/** Tiny DOM builder: text always goes through textContent, so nothing the server says is ever parsed as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: Array<Node | string | undefined>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children) if (child !== undefined) node.append(child);
  return node;
}

export function field(label: string, value: string, testid?: string): HTMLElement {
  return el('div', { class: 'field' }, el('span', { class: 'label' }, label), el('span', { class: 'value', 'data-testid': testid }, value));
}
