import { forward as toMgrs } from 'mgrs';
import ms from 'milsymbol';
import OlMap from 'ol/Map.js';
import View from 'ol/View.js';
import Feature from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import LineString from 'ol/geom/LineString.js';
import Point from 'ol/geom/Point.js';
import VectorLayer from 'ol/layer/Vector.js';
import { fromLonLat, toLonLat, transformExtent } from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import { defaults as defaultControls, ScaleLine } from 'ol/control.js';
import Fill from 'ol/style/Fill.js';
import Icon from 'ol/style/Icon.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import Text from 'ol/style/Text.js';
import 'ol/ol.css';
import { useEffect, useRef, useState } from 'react';
import { feature as topoFeature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import { api, type TreeNode, type UnitSlice, useApi } from '../api.js';
import { useMarking } from '../marking.js';
import { formatNumber } from '../orbat.js';
import { go } from '../router.js';
import { useTimes } from '../time.js';
import { displayLon, distanceKm, greatCircle, type LonLat, wrapLon } from '../geo.js';

const JAPAN: [number, number, number, number] = [122, 23.5, 147, 46];
const PAD = [48, 48, 48, 48];

/** Reads a CSS custom property so the map follows the theme. */
function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function stationOf(unit: UnitSlice): LonLat | null {
  return unit.homeStation ? [wrapLon(unit.homeStation.lon), unit.homeStation.lat] : null;
}

const iconCache = new Map<string, Icon>();

/** A milsymbol drawn straight to a canvas: no data: URL, so the page's CSP can stay at 'self'. */
function unitIcon(sidc: string, displacement: [number, number]): Icon {
  const key = `${sidc}|${displacement.join(',')}`;
  let icon = iconCache.get(key);
  if (!icon) {
    const ratio = Math.max(1, Math.ceil(window.devicePixelRatio || 1));
    const symbol = new ms.Symbol(/^\d{20}$/.test(sidc) ? sidc : '10031000000000000000', { size: 22 });
    const anchor = symbol.getAnchor();
    icon = new Icon({
      img: symbol.asCanvas(ratio),
      anchor: [anchor.x * ratio, anchor.y * ratio],
      anchorXUnits: 'pixels',
      anchorYUnits: 'pixels',
      scale: 1 / ratio,
      displacement,
    });
    iconCache.set(key, icon);
  }
  return icon;
}

/** Units sharing a station are fanned out around it so each symbol stays visible and clickable. */
function fanOut(index: number): [number, number] {
  if (index === 0) return [0, 0];
  const ring = Math.ceil((Math.sqrt(index + 1) - 1) / 1.2) || 1;
  const perRing = 6 * ring;
  const angle = ((index % perRing) / perRing) * 2 * Math.PI;
  return [Math.round(Math.cos(angle) * 30 * ring), Math.round(Math.sin(angle) * 30 * ring)];
}

function unitFeatures(units: UnitSlice[]): Feature[] {
  const perStation = new Map<string, number>();
  const out: Feature[] = [];
  for (const unit of units) {
    const at = stationOf(unit);
    if (!at) continue;
    const stationKey = `${at[0].toFixed(3)},${at[1].toFixed(3)}`;
    const index = perStation.get(stationKey) ?? 0;
    perStation.set(stationKey, index + 1);
    const f = new Feature({ geometry: new Point(fromLonLat(at)) });
    f.setId(unit.id);
    f.setProperties({ unit, displacement: fanOut(index) });
    out.push(f);
  }
  return out;
}

/** One line per command relationship whose two ends sit at different stations, labelled with the distance. */
function commandLines(roots: TreeNode[]): Feature[] {
  const out: Feature[] = [];
  const seen = new Set<string>();
  const walk = (node: TreeNode) => {
    const from = stationOf(node.unit);
    for (const child of node.children) {
      const to = stationOf(child.unit);
      const key = `${node.unit.id}>${child.unit.id}`;
      if (from && to && !seen.has(key)) {
        seen.add(key);
        const km = distanceKm(from, to);
        if (km >= 5) {
          const f = new Feature({ geometry: new LineString(greatCircle(to, from).map((p) => fromLonLat(p))) });
          f.setProperties({
            km,
            kind: child.via?.kind ?? 'OPCON',
            label: `${child.unit.shortName} → ${node.unit.shortName}`,
          });
          out.push(f);
        }
      }
      walk(child);
    }
  };
  roots.forEach(walk);
  return out;
}

function formatLatLon(lat: number, lon: number): string {
  return `${Math.abs(lat).toFixed(4)}° ${lat < 0 ? 'S' : 'N'}, ${Math.abs(lon).toFixed(4)}° ${lon < 0 ? 'W' : 'E'}`;
}

interface Readout {
  lat: number;
  lon: number;
  mgrs: string;
}

/** Units at their home stations on an offline Natural Earth basemap, with lines to each one's higher HQ. */
export function MapView() {
  const times = useTimes();
  const units = useApi((signal) => api.units(times, {}, signal), `${times.at}|${times.knownAt}`);
  const tree = useApi(
    (signal) => api.tree(['COCOM', 'OPCON'], times, undefined, signal),
    `${times.at}|${times.knownAt}`,
  );
  useMarking(units.data?.marking);
  useMarking(tree.data?.marking);

  const target = useRef<HTMLDivElement>(null);
  const mapRef = useRef<OlMap | null>(null);
  const unitSource = useRef(new VectorSource());
  const lineSource = useRef(new VectorSource());
  const [readout, setReadout] = useState<Readout | null>(null);
  const [basemapReady, setBasemapReady] = useState(false);
  const [unitCount, setUnitCount] = useState(0);

  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const land = new Style({
      fill: new Fill({ color: cssVar('--map-land', '#1f2a37') }),
      stroke: new Stroke({ color: cssVar('--map-border', '#3b4a5c'), width: 0.6 }),
    });
    const basemap = new VectorSource();
    const lineColour = cssVar('--map-line', '#f5c451');
    const textColour = cssVar('--map-text', '#e6edf3');
    const haloColour = cssVar('--map-halo', '#0b1220');
    const map = new OlMap({
      target: element,
      controls: defaultControls({ attribution: false, rotate: false }).extend([new ScaleLine({ units: 'metric' })]),
      layers: [
        new VectorLayer({ source: basemap, style: land, properties: { name: 'basemap' }, className: 'basemap-layer' }),
        new VectorLayer({
          source: lineSource.current,
          className: 'lines-layer',
          style: (f) =>
            new Style({
              stroke: new Stroke({
                color: lineColour,
                width: 1.6,
                lineDash: f.get('kind') === 'COCOM' ? undefined : [8, 5],
              }),
              text: new Text({
                text: `${formatNumber(Math.round(f.get('km') as number))} km`,
                placement: 'line',
                font: '600 12px system-ui, sans-serif',
                fill: new Fill({ color: textColour }),
                stroke: new Stroke({ color: haloColour, width: 3 }),
                overflow: false,
              }),
            }),
          declutter: true,
        }),
        new VectorLayer({
          source: unitSource.current,
          className: 'units-layer',
          style: (f) => new Style({ image: unitIcon((f.get('unit') as UnitSlice).sidc, f.get('displacement')) }),
        }),
        new VectorLayer({
          source: unitSource.current,
          className: 'labels-layer',
          declutter: true,
          minZoom: 6,
          style: (f) => {
            const [dx, dy] = f.get('displacement') as [number, number];
            return new Style({
              text: new Text({
                text: (f.get('unit') as UnitSlice).shortName,
                font: '600 11px system-ui, sans-serif',
                offsetX: dx,
                offsetY: -dy + 20,
                fill: new Fill({ color: textColour }),
                stroke: new Stroke({ color: haloColour, width: 3 }),
              }),
            });
          },
        }),
      ],
      view: new View({ center: fromLonLat([138, 36]), zoom: 5, maxZoom: 16 }),
    });
    map.getView().fit(transformExtent(JAPAN, 'EPSG:4326', 'EPSG:3857'), { padding: PAD });
    mapRef.current = map;

    const controller = new AbortController();
    fetch(countriesUrl, { signal: controller.signal })
      .then((r) => r.json() as Promise<Topology>)
      .then((topology) => {
        const object = topology.objects.countries;
        if (!object) return;
        const geojson = topoFeature(topology, object);
        basemap.addFeatures(new GeoJSON().readFeatures(geojson, { featureProjection: 'EPSG:3857' }));
        setBasemapReady(true);
      })
      .catch(() => {
        // A missing basemap leaves the ocean colour behind the units; the units themselves still draw.
      });

    map.on('pointermove', (e) => {
      const [lon = 0, lat = 0] = toLonLat(e.coordinate);
      let grid = '—';
      try {
        grid = toMgrs([displayLon(lon), lat], 4);
      } catch {
        // MGRS is undefined in the polar regions.
      }
      setReadout({ lat, lon: displayLon(lon), mgrs: grid });
      const hit = map.forEachFeatureAtPixel(e.pixel, (f) => f, {
        layerFilter: (l) => l.getClassName() === 'units-layer',
      });
      element.style.cursor = hit ? 'pointer' : '';
    });
    map.on('click', (e) => {
      const hit = map.forEachFeatureAtPixel(e.pixel, (f) => f, {
        layerFilter: (l) => l.getClassName() === 'units-layer',
      });
      const unit = hit?.get('unit') as UnitSlice | undefined;
      if (unit) go(`/units/${encodeURIComponent(unit.id)}`);
    });
    return () => {
      controller.abort();
      map.setTarget(undefined);
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    unitSource.current.clear();
    const features = units.data ? unitFeatures(units.data.units) : [];
    unitSource.current.addFeatures(features);
    setUnitCount(features.length);
  }, [units.data]);

  useEffect(() => {
    lineSource.current.clear();
    if (tree.data) lineSource.current.addFeatures(commandLines(tree.data.roots));
  }, [tree.data]);

  const zoomTo = (extent: number[] | null) => {
    const view = mapRef.current?.getView();
    if (!view) return;
    const wanted = extent ?? unitSource.current.getExtent();
    if (wanted?.every(Number.isFinite)) view.fit(wanted, { padding: PAD, duration: 250, maxZoom: 9 });
  };

  return (
    <div className="map-view">
      <div
        ref={target}
        className="map"
        data-testid="map"
        data-basemap-ready={basemapReady}
        data-unit-count={unitCount}
        role="application"
        aria-label="Map of units at their home stations"
      />
      <div className="map-tools" role="toolbar" aria-label="Map view">
        <button type="button" className="btn" onClick={() => zoomTo(transformExtent(JAPAN, 'EPSG:4326', 'EPSG:3857'))}>
          Japan
        </button>
        <button type="button" className="btn" onClick={() => zoomTo(null)}>
          Fit all
        </button>
      </div>
      <div className="map-status" aria-live="polite">
        <span>
          {unitCount} of {units.data?.units.length ?? 0} units located
        </span>
        {readout && (
          <span className="readout" data-testid="readout">
            {formatLatLon(readout.lat, readout.lon)} · MGRS {readout.mgrs}
          </span>
        )}
      </div>
      {(units.error || tree.error) && (
        <div className="problem map-problem" role="alert">
          {(units.error ?? tree.error)?.message}
        </div>
      )}
    </div>
  );
}
