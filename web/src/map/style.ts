import ms from 'milsymbol';
import type { FeatureLike } from 'ol/Feature.js';
import CircleStyle from 'ol/style/Circle.js';
import Fill from 'ol/style/Fill.js';
import Icon from 'ol/style/Icon.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import Text from 'ol/style/Text.js';
import type { RelationshipKind, UnitSlice } from '../api.js';
import { EDGE_STYLES } from '../components/edgeStyle.js';
import { COMPACT_STAFF } from '../components/UnitSymbol.js';
import { formatNumber } from '../orbat.js';
import { bySeniority, type Station } from './stations.js';

/** OpenLayers styles for the map's layers; colours come from the theme's CSS custom properties. */

export function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export interface MapTheme {
  land: string;
  border: string;
  line: string;
  text: string;
  halo: string;
  badge: string;
  /** Map symbols and text follow the root font size, which grows with the window (see styles.css). */
  scale: number;
}

const font = (theme: MapTheme, weight: number, px: number) =>
  `${weight} ${Math.round(px * theme.scale)}px system-ui, sans-serif`;

export function mapTheme(): MapTheme {
  return {
    scale: (Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 13) / 13,
    land: cssVar('--map-land', '#26313d'),
    border: cssVar('--map-border', '#46586b'),
    line: cssVar('--map-line', '#f5c451'),
    text: cssVar('--map-text', '#e6edf3'),
    halo: cssVar('--map-halo', '#0b1220'),
    badge: cssVar('--accent', '#4c9aff'),
  };
}

/** An icon and where its frame's edges lie from the anchor (CSS px; HQ symbols anchor at the staff's foot). */
interface SymbolIcon {
  icon: Icon;
  right: number;
  top: number;
  below: number;
}

const icons = new Map<string, SymbolIcon>();

/** A milsymbol drawn straight to a canvas: no data: URL, so the page's CSP can stay at 'self'. */
export function unitIcon(sidc: string, scale: number): SymbolIcon {
  const key = `${sidc}@${scale}`;
  let icon = icons.get(key);
  if (!icon) {
    const ratio = Math.max(1, Math.ceil(window.devicePixelRatio || 1));
    const code = /^\d{20}$/.test(sidc) ? sidc : '10031000000000000000';
    const symbol = new ms.Symbol(code, { size: 24 * scale, hqStaffLength: COMPACT_STAFF });
    const anchor = symbol.getAnchor();
    const size = symbol.getSize();
    icon = {
      icon: new Icon({
        img: symbol.asCanvas(ratio),
        anchor: [anchor.x * ratio, anchor.y * ratio],
        anchorXUnits: 'pixels',
        anchorYUnits: 'pixels',
        scale: 1 / ratio,
      }),
      right: size.width - anchor.x,
      top: anchor.y,
      below: size.height - anchor.y,
    };
    icons.set(key, icon);
  }
  return icon;
}

/** The units under a cluster feature (one or more stations), senior first. */
export function clusterUnits(feature: FeatureLike): UnitSlice[] {
  const members = (feature.get('features') as FeatureLike[] | undefined) ?? [];
  return members.flatMap((m) => (m.get('station') as Station).units).sort(bySeniority);
}

export function clusterStyle(theme: MapTheme) {
  const badgeFill = new Fill({ color: theme.badge });
  const badgeStroke = new Stroke({ color: theme.halo, width: 2 });
  const countFill = new Fill({ color: '#ffffff' });
  return (feature: FeatureLike): Style[] => {
    const units = clusterUnits(feature);
    const lead = units[0];
    if (!lead) return [];
    const symbol = unitIcon(lead.sidc, theme.scale);
    const styles = [new Style({ image: symbol.icon })];
    if (units.length > 1) {
      // The count sits on the frame's top-right corner.
      const [dx, dy] = [symbol.right - 2, symbol.top - 2];
      const radius = 9 * theme.scale;
      styles.push(
        new Style({
          image: new CircleStyle({ radius, fill: badgeFill, stroke: badgeStroke, displacement: [dx, dy] }),
          text: new Text({
            text: String(units.length),
            offsetX: dx,
            offsetY: -dy,
            font: font(theme, 700, 10),
            fill: countFill,
          }),
          zIndex: 1,
        }),
      );
    }
    return styles;
  };
}

export function clusterLabelStyle(theme: MapTheme) {
  const fill = new Fill({ color: theme.text });
  const stroke = new Stroke({ color: theme.halo, width: 3 * theme.scale });
  return (feature: FeatureLike): Style => {
    const units = clusterUnits(feature);
    const lead = units[0];
    return new Style({
      text: new Text({
        text: lead ? (units.length > 1 ? `${lead.shortName} +${units.length - 1}` : lead.shortName) : '',
        font: font(theme, 600, 11),
        offsetY: lead ? unitIcon(lead.sidc, theme.scale).below + 3 : 0,
        textBaseline: 'top',
        fill,
        stroke,
      }),
    });
  };
}

const dashOf = (kind: RelationshipKind) => EDGE_STYLES[kind].dash?.split(' ').map(Number);

export function lineStyle(theme: MapTheme) {
  const fill = new Fill({ color: theme.text });
  const halo = new Stroke({ color: theme.halo, width: 3 * theme.scale });
  return (feature: FeatureLike): Style => {
    const kind = feature.get('kind') as RelationshipKind;
    return new Style({
      stroke: new Stroke({
        color: theme.line,
        width: EDGE_STYLES[kind].width * theme.scale,
        lineDash: dashOf(kind)?.map((d) => d * theme.scale),
      }),
      text: new Text({
        text: `${formatNumber(Math.round(feature.get('km') as number))} km`,
        placement: 'line',
        font: font(theme, 600, 12),
        fill,
        stroke: halo,
      }),
    });
  };
}
