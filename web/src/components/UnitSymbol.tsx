import ms from 'milsymbol';

const cache = new Map<string, string>();
const SIDC = /^\d{20}$/;
/** A friendly land unit of unknown type: what is drawn for a malformed code. */
const UNKNOWN_SIDC = '10031000000000000000';

/**
 * A headquarters staff this long (in milsymbol's 100-unit frame) keeps the HQ mark visible in lists and boxes without
 * letting it double the symbol's height, as the full-length staff does.
 */
export const COMPACT_STAFF = 15;

/** The symbol of `sidc` as an SVG string; anything but 20 digits draws as a generic friendly unit. */
export function symbolSvg(sidc: string, size: number, staff?: number): string {
  const code = SIDC.test(sidc) ? sidc : UNKNOWN_SIDC;
  const key = `${code}@${size}@${staff}`;
  let svg = cache.get(key);
  if (svg === undefined) {
    svg = new ms.Symbol(code, staff === undefined ? { size } : { size, hqStaffLength: staff }).asSVG();
    cache.set(key, svg);
  }
  return svg;
}

/** A unit's 2525D symbol; milsymbol's own output, so inserting it as markup is safe. */
export function UnitSymbol({
  sidc,
  size = 20,
  title,
  compact = true,
}: {
  sidc: string;
  size?: number;
  title?: string;
  /** Shorten the HQ staff (lists, links); the unit page shows the full symbol. */
  compact?: boolean;
}) {
  return (
    <span
      className="unit-symbol"
      role="img"
      aria-label={title ?? `Symbol ${sidc}`}
      data-sidc={sidc}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: markup generated locally by milsymbol from a validated SIDC.
      dangerouslySetInnerHTML={{ __html: symbolSvg(sidc, size, compact ? COMPACT_STAFF : undefined) }}
    />
  );
}
