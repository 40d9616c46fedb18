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
import type Layer from 'ol/layer/Layer.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { cotTypeToSidc } from '../../../src/domain/cop/symbology.js';
import { feature as topoFeature } from 'topojson-client';
import type { Topology } from 'topojson-specification';
import countriesUrl from 'world-atlas/countries-50m.json?url';
import { api, type TreeNode, useApi } from '../api.js';
import { Segmented } from '../components/Chips.js';
import { UnitLink } from '../components/UnitLink.js';
import { missionsApi } from '../endpoints/missions.js';
import { areaStyle, missionFeatures } from '../map/areas.js';
import { SpriteAtlas } from '../map/atlas.js';
import { ReplayBar } from '../map/ReplayBar.js';
import { createTrackLayer, type TrackLayer } from '../map/trackLayer.js';
import { type Track, TrackStore } from '../map/trackStore.js';
import { type TrackMode, useTrackFeed } from '../map/useTrackFeed.js';
import { displayLon, distanceKm, greatCircle, wrapLon } from '../geo.js';
import { groupByStation, type Station, stationOf } from '../map/stations.js';
import { clusterLabelStyle, clusterStyle, lineStyle, mapTheme } from '../map/style.js';
import { useMarking } from '../marking.js';
import { go } from '../router.js';
import { dayOf, dtg, useTimes } from '../time.js';

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

const pixelRatio = () => Math.max(1, Math.ceil(window.devicePixelRatio || 1));

function formatLatLon(lat: number, lon: number): string {
  return `${Math.abs(lat).toFixed(4)}° ${lat < 0 ? 'S' : 'N'}, ${Math.abs(lon).toFixed(4)}° ${lon < 0 ? 'W' : 'E'}`;
}

/** A CoT type's symbol: the server's mapping (domain/cop/symbology), else an unknown-affiliation ground track. */
const trackSidc = (type: string) => cotTypeToSidc(type)?.sidc ?? '10011000000000000000';
const projectTrack = (lon: number, lat: number) => fromLonLat([wrapLon(lon), lat]) as [number, number];

const TRACK_MODES: readonly { value: TrackMode; label: string }[] = [
  { value: 'off', label: 'Off' },
  { value: 'live', label: 'Live' },
  { value: 'replay', label: 'Replay' },
];

/** The replay window the time slider implies: its whole day (Zulu), or the last hour when the slider is at today. */
function replayWindow(at: string | null): { from: string; to: string } {
  if (at) {
    const from = `${dayOf(at)}T00:00:00.000Z`;
    return { from, to: new Date(Date.parse(from) + 86_400_000).toISOString() };
  }
  const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
  return { from: new Date(to.getTime() - 3_600_000).toISOString(), to: to.toISOString() };
}

interface Readout {
  lat: number;
  lon: number;
  mgrs: string;
}

/**
 * Units at their home stations on an offline Natural Earth basemap, with lines to each one's higher HQ; mission areas
 * for the chosen date; live tracks from the COP (or a replayed window of them).
 */
export function MapView() {
  const times = useTimes();
  const key = `${times.at}|${times.knownAt}`;
  const units = useApi((signal) => api.units(times, {}, signal), key);
  const tree = useApi((signal) => api.tree(['COCOM', 'OPCON'], times, undefined, signal), key);
  const missions = useApi((signal) => missionsApi.list(times, signal), key);
  useMarking(units.data?.marking);
  useMarking(tree.data?.marking);
  useMarking(missions.data?.marking);
  const [shown, setShown] = useState({ units: true, areas: true });
  const [trackMode, setTrackMode] = useState<TrackMode>('live');
  // Recomputed on entering replay, so "the last hour" ends now rather than when the page opened.
  // biome-ignore lint/correctness/useExhaustiveDependencies: trackMode is a trigger, not an input.
  const sliderWindow = useMemo(() => replayWindow(times.at), [times.at, trackMode]);
  const [range, setRange] = useState(sliderWindow);
  useEffect(() => setRange(sliderWindow), [sliderWindow]);
  const store = useMemo(() => new TrackStore(projectTrack, trackSidc), []);
  const trackLayer = useRef<TrackLayer | null>(null);
  const feed = useTrackFeed(store, trackMode, range, () => trackLayer.current?.invalidate());
  const [track, setTrack] = useState<Track | null>(null);
  const [areaCount, setAreaCount] = useState(0);
  const areaSource = useRef(new VectorSource());
  const layers = useRef<{ units: Layer[]; areas: Layer[] }>({ units: [], areas: [] });

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
    const areaLayer = new VectorLayer({
      source: areaSource.current,
      className: 'areas-layer',
      style: areaStyle(theme),
      declutter: 'areas',
    });
    const tracks = createTrackLayer(store, new SpriteAtlas(15 * theme.scale, pixelRatio()), theme);
    trackLayer.current = tracks;
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
        areaLayer,
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
        tracks.layer,
      ],
      view: new View({ center: fromLonLat([138, 36]), zoom: 5, maxZoom: 14 }),
    });
    map.getView().fit(JAPAN, { padding: PAD });
    mapRef.current = map;
    const unitLayers = map
      .getLayers()
      .getArray()
      .filter((l) => l === unitLayer || l.getClassName() === 'labels-layer' || l.getClassName() === 'lines-layer');
    layers.current = { units: unitLayers as Layer[], areas: [areaLayer] };

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
      const picked = tracks.hit(e.pixel as [number, number]);
      if (picked) {
        setTrack(picked);
        return;
      }
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
      trackLayer.current = null;
    };
  }, [store]);

  useEffect(() => {
    for (const layer of layers.current.units) layer.setVisible(shown.units);
    for (const layer of layers.current.areas) layer.setVisible(shown.areas);
  }, [shown]);

  useEffect(() => {
    const byId = new Map((units.data?.units ?? []).map((u) => [u.id, u]));
    areaSource.current.clear();
    const features = missionFeatures(missions.data?.missions ?? [], byId);
    areaSource.current.addFeatures(features);
    setAreaCount(features.length);
  }, [missions.data, units.data]);

  // Keep the open track card on the latest report of its track.
  useEffect(() => {
    if (!track) return;
    const timer = setInterval(() => setTrack((t) => (t ? (store.tracks.get(t.uid) ?? t) : t)), 1000);
    return () => clearInterval(timer);
  }, [track, store]);

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
        data-track-count={feed.count}
        data-area-count={areaCount}
        data-stream={feed.status}
        role="application"
        aria-label="Map of units at their home stations"
      />
      <div className="map-tools" role="toolbar" aria-label="Map view">
        <label className="check">
          <input
            type="checkbox"
            checked={shown.units}
            onChange={(e) => setShown({ ...shown, units: e.currentTarget.checked })}
          />
          Units
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={shown.areas}
            onChange={(e) => setShown({ ...shown, areas: e.currentTarget.checked })}
          />
          Mission areas
        </label>
        <span className="tool-label">Tracks</span>
        <Segmented
          label="Tracks"
          options={TRACK_MODES}
          value={trackMode}
          onChange={(next) => {
            setTrack(null);
            setTrackMode(next);
          }}
        />
        <button type="button" className="btn" onClick={() => zoomTo(JAPAN)}>
          Japan
        </button>
        <button type="button" className="btn" onClick={() => zoomTo(null)}>
          Fit all
        </button>
      </div>
      {trackMode === 'replay' && <ReplayBar range={range} onWindow={setRange} replay={feed.replay} />}
      {track && (
        <section className="card station-card track-card" aria-label={`Track ${track.report.callsign ?? track.uid}`}>
          <div className="card-head">
            <h2>{track.report.callsign ?? track.uid}</h2>
            <button type="button" className="btn" onClick={() => setTrack(null)} aria-label="Close">
              ×
            </button>
          </div>
          <dl className="facts">
            <dt>Marking</dt>
            <dd className="mono">{track.report.portion}</dd>
            <dt>Type</dt>
            <dd className="mono">{track.report.type}</dd>
            <dt>Position</dt>
            <dd>{formatLatLon(track.report.lat, track.report.lon)}</dd>
            <dt>Course · speed</dt>
            <dd>
              {track.report.course ?? '—'}° · {track.report.speed ?? '—'} m/s
            </dd>
            <dt>Time</dt>
            <dd className="mono">{dtg(track.report.time)}</dd>
            <dt>Source</dt>
            <dd>{track.report.source}</dd>
          </dl>
        </section>
      )}
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
        <span data-testid="track-status">
          {trackMode === 'off' ? 'tracks off' : `${feed.count.toLocaleString('en-US')} tracks · ${feed.status}`}
        </span>
        {readout && (
          <span className="readout" data-testid="readout">
            {formatLatLon(readout.lat, readout.lon)} · MGRS {readout.mgrs}
          </span>
        )}
      </div>
      {(units.error || tree.error || missions.error) && (
        <div className="problem map-problem" role="alert">
          {(units.error ?? tree.error ?? missions.error)?.message}
        </div>
      )}
    </div>
  );
}
