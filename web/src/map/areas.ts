import Feature from 'ol/Feature.js';
import type { FeatureLike } from 'ol/Feature.js';
import MultiPolygon from 'ol/geom/MultiPolygon.js';
import Polygon from 'ol/geom/Polygon.js';
import { fromLonLat } from 'ol/proj.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import Text from 'ol/style/Text.js';
import type { UnitSlice } from '../api.js';
import type { Mission } from '../endpoints/missions.js';
import { wrapLon } from '../geo.js';
import type { MapTheme } from './style.js';

type Ring = number[][];

const project = (ring: Ring) => ring.map(([lon = 0, lat = 0]) => fromLonLat([wrapLon(lon), lat]));

/** One feature per mission with an area, coloured by the lead command's nation (grey: no lead). */
export function missionFeatures(missions: readonly Mission[], units: ReadonlyMap<string, UnitSlice>): Feature[] {
  const out: Feature[] = [];
  for (const mission of missions) {
    const area = mission.area;
    if (!area) continue;
    const geometry =
      area.type === 'Polygon'
        ? new Polygon(area.coordinates.map(project))
        : new MultiPolygon(area.coordinates.map((polygon) => polygon.map(project)));
    const feature = new Feature({ geometry });
    feature.setId(mission.id);
    feature.setProperties({
      name: mission.name,
      nation: mission.lead ? (units.get(mission.lead)?.nation ?? null) : null,
      lead: mission.lead ? (units.get(mission.lead)?.shortName ?? mission.lead) : null,
    });
    out.push(feature);
  }
  return out;
}

const NATION_COLOURS: Record<string, [number, number, number]> = { USA: [76, 154, 255], JPN: [255, 107, 129] };
const NO_LEAD: [number, number, number] = [160, 170, 180];

/** Translucent fills and dashed outlines, labelled with the mission and its lead at the area's interior point. */
export function areaStyle(theme: MapTheme) {
  const cache = new Map<string, Style>();
  const halo = new Stroke({ color: theme.halo, width: 3 * theme.scale });
  return (feature: FeatureLike): Style => {
    const nation = (feature.get('nation') as string | null) ?? 'none';
    const name = feature.get('name') as string;
    const lead = feature.get('lead') as string | null;
    const key = `${nation}|${name}`;
    let style = cache.get(key);
    if (!style) {
      const [r, g, b] = NATION_COLOURS[nation] ?? NO_LEAD;
      style = new Style({
        fill: new Fill({ color: `rgba(${r},${g},${b},0.09)` }),
        stroke: new Stroke({ color: `rgba(${r},${g},${b},0.85)`, width: 1.5 * theme.scale, lineDash: [8, 5] }),
        text: new Text({
          text: `${name}\n${lead ? `lead ${lead}` : 'no lead'}`,
          font: `600 ${Math.round(11 * theme.scale)}px system-ui, sans-serif`,
          fill: new Fill({ color: `rgb(${r},${g},${b})` }),
          stroke: halo,
          overflow: true,
        }),
      });
      cache.set(key, style);
    }
    return style;
  };
}
