import { forward as toMgrs } from 'mgrs';
import { defaults as defaultControls, ScaleLine } from 'ol/control.js';
import { createEmpty, extend, type Extent } from 'ol/extent.js';
import Feature, { type FeatureLike } from 'ol/Feature.js';
import GeoJSON from 'ol/format/GeoJSON.js';
import LineString from 'ol/geom/LineString.js';
import Point from 'ol/geom/Point.js';
import VectorLayer from 'ol/layer/Vector.js';
import OlMap from 'ol/Map.js';
import { fromLonLat, toLonLat, transformExtent } from 'ol/proj.js';
import Cluster from 'ol/source/Cluster.js';
import VectorSource from 'ol/source/Vector.js';
import Fill from 'ol/style/Fill.js';
import Stroke from 'ol/style/Stroke.js';
import Style from 'ol/style/Style.js';
import View from 'ol/View.js';
import 'ol/ol.css';
import { useEffect, useRef, useState } from 'react';
import { feature as topoFeature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import { api, type TreeNode, useApi } from '../api.js';
import { UnitLink } from '../components/UnitLink.js';
import { displayLon, distanceKm, greatCircle } from '../geo.js';
import { groupByStation, type Station, stationOf } from '../map/stations.js';
import { clusterLabelStyle, clusterStyle, lineStyle, mapTheme } from '../map/style.js';
import { useMarking } from '../marking.js';
import { go } from '../router.js';
import { useTimes } from '../time.js';

const JAPAN = transformExtent([122, 23.5, 147, 46], 'EPSG:4326', 'EPSG:3857');
const PAD = [56, 56, 56, 56];
/** Stations closer than this on screen merge into one symbol with a count. */
const CLUSTER_PX = 44;

function stationFeatures(stations: Station[]): Feature[] {
  return stations.map((station) => {
    const f = new Feature({ geometry: new Point(fromLonLat(station.at)) });
    f.setId(station.key);
    f.set('station', station);
    return f;
  });
}

/** One line per command relationship whose two ends sit at different stations, labelled with the distance. */
function commandLines(roots: TreeNode[]): Feature[] {
  const out: Feature[] = [];
  const walk = (node: TreeNode) => {
    const from = stationOf(node.unit);
    for (const child of node.children) {
      const to = stationOf(child.unit);
      if (from && to && distanceKm(from, to) >= 5) {
        const f = new Feature({ geometry: new LineString(greatCircle(to, from).map((p) => fromLonLat(p))) });
        f.setProperties({ km: distanceKm(from, to), kind: child.via?.kind ?? 'OPCON' });
        out.push(f);
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
  const key = `${times.at}|${times.knownAt}`;
  const units = useApi((signal) => api.units(times, {}, signal), key);
  const tree = useApi((signal) => api.tree(['COCOM', 'OPCON'], times, undefined, signal), key);
  useMarking(units.data?.marking);
  useMarking(tree.data?.marking);

  const target = useRef<HTMLDivElement>(null);
  const mapRef = useRef<OlMap | null>(null);
  const stationSource = useRef(new VectorSource());
  const lineSource = useRef(new VectorSource());
  const [readout, setReadout] = useState<Readout | null>(null);
  const [basemapReady, setBasemapReady] = useState(false);
  const [located, setLocated] = useState(0);
  const [selected, setSelected] = useState<Station | null>(null);

  useEffect(() => {
    const element = target.current;
    if (!element) return;
    const theme = mapTheme();
    const basemap = new VectorSource();
    const clusters = new Cluster({ source: stationSource.current, distance: CLUSTER_PX });
    const unitLayer = new VectorLayer({ source: clusters, className: 'units-layer', style: clusterStyle(theme) });
    const map = new OlMap({
      target: element,
      controls: defaultControls({ attribution: false, rotate: false }).extend([new ScaleLine({ units: 'metric' })]),
      layers: [
        new VectorLayer({
          source: basemap,
          className: 'basemap-layer',
          style: new Style({
            fill: new Fill({ color: theme.land }),
            stroke: new Stroke({ color: theme.border, width: 0.6 }),
          }),
        }),
        new VectorLayer({
          source: lineSource.current,
          className: 'lines-layer',
          style: lineStyle(theme),
          declutter: true,
        }),
        unitLayer,
        new VectorLayer({
          source: clusters,
          className: 'labels-layer',
          declutter: true,
          style: clusterLabelStyle(theme),
        }),
      ],
      view: new View({ center: fromLonLat([138, 36]), zoom: 5, maxZoom: 14 }),
    });
    map.getView().fit(JAPAN, { padding: PAD });
    mapRef.current = map;

    const controller = new AbortController();
    fetch(countriesUrl, { signal: controller.signal })
      .then((r) => r.json() as Promise<Topology>)
      .then((topology) => {
        const object = topology.objects.countries;
        if (!object) return;
        basemap.addFeatures(
          new GeoJSON().readFeatures(topoFeature(topology, object), { featureProjection: 'EPSG:3857' }),
        );
        setBasemapReady(true);
      })
      .catch(() => {
        // Without the basemap the ocean colour stays behind the units; they still draw.
      });

    const clusterAt = (pixel: number[]): FeatureLike | undefined =>
      map.forEachFeatureAtPixel(pixel, (f) => f, { layerFilter: (l) => l === unitLayer });
    map.on('pointermove', (e) => {
      const [lon = 0, lat = 0] = toLonLat(e.coordinate);
      let grid = '—';
      try {
        grid = toMgrs([displayLon(lon), lat], 4);
      } catch {
        // MGRS is undefined in the polar regions.
      }
      setReadout({ lat, lon: displayLon(lon), mgrs: grid });
      element.style.cursor = clusterAt(e.pixel) ? 'pointer' : '';
    });
    map.on('click', (e) => {
      const hit = clusterAt(e.pixel);
      const members = (hit?.get('features') as Feature[] | undefined) ?? [];
      const only = members.length === 1 ? (members[0]?.get('station') as Station) : null;
      if (members.length > 1) {
        const extent = members.reduce((acc: Extent, m) => extend(acc, m.getGeometry()!.getExtent()), createEmpty());
        map.getView().fit(extent, { padding: PAD, duration: 300, maxZoom: 11 });
      } else if (only && only.units.length === 1 && only.units[0]) {
        go(`/units/${encodeURIComponent(only.units[0].id)}`);
      } else setSelected(only);
    });
    return () => {
      controller.abort();
      map.setTarget(undefined);
      mapRef.current = null;
    };
  }, []);

  useEffect(() => {
    const stations = groupByStation(units.data?.units ?? []);
    stationSource.current.clear();
    stationSource.current.addFeatures(stationFeatures(stations));
    setLocated(stations.reduce((sum, s) => sum + s.units.length, 0));
    // Keep the open station card in step with the chosen date.
    setSelected((current) => (current ? (stations.find((s) => s.key === current.key) ?? null) : null));
  }, [units.data]);

  useEffect(() => {
    lineSource.current.clear();
    if (tree.data) lineSource.current.addFeatures(commandLines(tree.data.roots));
  }, [tree.data]);

  const zoomTo = (extent: Extent | null) => {
    const view = mapRef.current?.getView();
    const wanted = extent ?? stationSource.current.getExtent();
    if (view && wanted?.every(Number.isFinite)) view.fit(wanted, { padding: PAD, duration: 250, maxZoom: 9 });
  };

  return (
    <div className="map-view">
      <div
        ref={target}
        className="map"
        data-testid="map"
        data-basemap-ready={basemapReady}
        data-unit-count={located}
        role="application"
        aria-label="Map of units at their home stations"
      />
      <div className="map-tools" role="toolbar" aria-label="Map view">
        <button type="button" className="btn" onClick={() => zoomTo(JAPAN)}>
          Japan
        </button>
        <button type="button" className="btn" onClick={() => zoomTo(null)}>
          Fit all
        </button>
      </div>
      {selected && (
        <section className="card station-card" aria-label={`Units at ${selected.name}`}>
          <div className="card-head">
            <h2>{selected.name}</h2>
            <button type="button" className="btn" onClick={() => setSelected(null)} aria-label="Close">
              ×
            </button>
          </div>
          <ul className="station-units">
            {selected.units.map((u) => (
              <li key={u.id}>
                <UnitLink unit={u} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="map-status" aria-live="polite">
        <span>
          {located} of {units.data?.units.length ?? 0} units located
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
