import ms from 'milsymbol';

const cache = new Map<string, string>();
const SIDC = /^\d{20}$/;
/** A friendly land unit of unknown type: what is drawn for a malformed code. */
const UNKNOWN_SIDC = '10031000000000000000';

/** The symbol of `sidc` as an SVG string; anything but 20 digits draws as a generic friendly unit. */
export function symbolSvg(sidc: string, size: number): string {
  const code = SIDC.test(sidc) ? sidc : UNKNOWN_SIDC;
  const key = `${code}@${size}`;
  let svg = cache.get(key);
  if (svg === undefined) {
    svg = new ms.Symbol(code, { size }).asSVG();
    cache.set(key, svg);
  }
  return svg;
}

/** A unit's 2525D symbol; milsymbol's own output, so inserting it as markup is safe. */
export function UnitSymbol({ sidc, size = 20, title }: { sidc: string; size?: number; title?: string }) {
  return (
    <span
      className="unit-symbol"
      role="img"
      aria-label={title ?? `Symbol ${sidc}`}
      data-sidc={sidc}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: markup generated locally by milsymbol from a validated SIDC.
      dangerouslySetInnerHTML={{ __html: symbolSvg(sidc, size) }}
    />
  );
}
