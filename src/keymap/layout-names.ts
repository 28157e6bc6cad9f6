// How layouts are named: "us:dvorak", "us(dvorak)", "us,de". Pure: the shell
// (src/layout) finds the names and asks libxkbcommon for the table.

/** What xkb_keymap_new_from_names takes; '' means xkb's default. */
export interface XkbNames {
  rules: string;
  model: string;
  layout: string;
  variant: string;
  options: string;
}

/** "us:dvorak" and "us(dvorak)" are both layout us, variant dvorak; an explicit variant wins. */
export function parseLayout(layout: string, variant = ''): { layout: string; variant: string } {
  const m = /^\s*([^:()\s]+)\s*(?::\s*([^\s]+)|\(\s*([^()\s]+)\s*\))?\s*$/.exec(layout);
  if (!m) return { layout: layout.trim(), variant };
  return { layout: m[1], variant: variant || m[2] || m[3] || '' };
}

/** "de", "us(dvorak)", "us,de(nodeadkeys)": how a layout is named to the user. */
export function layoutLabel(names: Pick<XkbNames, 'layout' | 'variant'>): string {
  const variants = names.variant.split(',');
  return (names.layout || 'us').split(',').map((layout, i) => {
    const variant = (variants[i] ?? '').trim();
    return variant ? `${layout.trim()}(${variant})` : layout.trim();
  }).join(',');
}

/** Names for xkb; a list ("us,de" with variants ",nodeadkeys") is one keymap with a group per layout. */
export function xkbNames(layout: string, variant: string, model = '', options = '', rules = ''): XkbNames {
  const variants = variant.split(',');
  const parts = layout.split(',').map((l, i) => parseLayout(l, (variants[i] ?? '').trim()));
  return {
    rules,
    model: model.trim(),
    layout: parts.map((p) => p.layout).join(','),
    variant: parts.some((p) => p.variant !== '') ? parts.map((p) => p.variant).join(',') : '',
    options: options.trim(),
  };
}
