import type { FrameState } from 'ol/Map.js';
import Layer from 'ol/layer/Layer.js';
import { apply as applyTransform } from 'ol/transform.js';
import type { SpriteAtlas } from './atlas.js';
import type { MapTheme } from './style.js';
import type { Track, TrackStore } from './trackStore.js';

/** Labels (callsigns) are drawn only while this few tracks are in view: beyond that they are noise, and slow. */
const LABEL_LIMIT = 120;
const HIT_PX = 12;
/** The picture of every track is redrawn at most this often; frames in between move the last picture. */
const REDRAW_MS = 250;
/** The picture covers this share of the viewport beyond each edge, so a pan between redraws shows no bare edge. */
const MARGIN = 0.25;

export interface TrackLayer {
  layer: Layer;
  /** The track drawn nearest to a pixel (CSS px of the map viewport), within a few pixels. */
  hit(pixel: [number, number]): Track | null;
  /** How many tracks the last picture holds. */
  drawn(): number;
  /** Tracks changed: ask for a frame once the redraw interval allows (never more often). */
  invalidate(): void;
}

interface Picture {
  resolution: number;
  rotation: number;
  width: number;
  height: number;
  ratio: number;
  /** Map coordinate of the picture's top-left corner. */
  origin: [number, number];
  version: number;
  at: number;
}

/**
 * Tracks on one canvas. A picture of every track (each symbol copied from the sprite atlas, no per-track objects or
 * DOM) is drawn into an offscreen canvas a little larger than the view, at most every REDRAW_MS while tracks change or
 * the view moves; each frame only places that picture where the view now puts it. Ten thousand tracks updating once a
 * second then cost about four full draws a second, and panning costs one image copy a frame.
 */
export function createTrackLayer(store: TrackStore, atlas: SpriteAtlas, theme: MapTheme): TrackLayer {
  const canvas = document.createElement('canvas');
  canvas.className = 'tracks-canvas';
  Object.assign(canvas.style, { position: 'absolute', left: '0', top: '0', width: '100%', height: '100%' });
  const context = canvas.getContext('2d')!;
  const picture = document.createElement('canvas');
  const pen = picture.getContext('2d')!;
  let state: Picture | null = null;
  // Positions of the tracks in the picture (CSS px from its top-left), in drawing order.
  let screen = new Float32Array(0);
  const order: Track[] = [];
  let count = 0;
  // Where the picture's top-left corner sat in the last frame (CSS px of the viewport).
  let placed: [number, number] = [0, 0];
  let timer = 0;
  const font = `600 ${Math.round(11 * theme.scale)}px system-ui, sans-serif`;

  const redraw = (frameState: FrameState, width: number, height: number, ratio: number, now: number) => {
    const mx = Math.round(width * MARGIN);
    const my = Math.round(height * MARGIN);
    const w = Math.round((width + 2 * mx) * ratio);
    const h = Math.round((height + 2 * my) * ratio);
    if (picture.width !== w || picture.height !== h) {
      picture.width = w;
      picture.height = h;
    }
    pen.setTransform(1, 0, 0, 1, 0, 0);
    pen.clearRect(0, 0, w, h);
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = frameState.coordinateToPixelTransform;
    if (screen.length < store.tracks.size * 2) screen = new Float32Array(store.tracks.size * 2 + 1024);
    count = 0;
    const right = width + mx;
    const bottom = height + my;
    for (const track of store.tracks.values()) {
      const px = a * track.x + c * track.y + e;
      const py = b * track.x + d * track.y + f;
      if (px < -mx || py < -my || px > right || py > bottom) continue;
      const sprite = atlas.sprite(track.sidc);
      const x = px + mx;
      const y = py + my;
      pen.drawImage(
        atlas.canvas,
        sprite.sx,
        sprite.sy,
        sprite.w,
        sprite.h,
        Math.round(x * ratio - sprite.ax),
        Math.round(y * ratio - sprite.ay),
        sprite.w,
        sprite.h,
      );
      screen[count * 2] = x;
      screen[count * 2 + 1] = y;
      order[count] = track;
      count++;
    }
    if (count > 0 && count <= LABEL_LIMIT) {
      pen.setTransform(ratio, 0, 0, ratio, 0, 0);
      pen.font = font;
      pen.textBaseline = 'middle';
      pen.lineWidth = 3 * theme.scale;
      pen.strokeStyle = theme.halo;
      pen.fillStyle = theme.text;
      for (let i = 0; i < count; i++) {
        const text = order[i]!.report.callsign ?? '';
        if (!text) continue;
        const x = screen[i * 2]! + 14 * theme.scale;
        const y = screen[i * 2 + 1]!;
        pen.strokeText(text, x, y);
        pen.fillText(text, x, y);
      }
    }
    const origin = applyTransform(frameState.pixelToCoordinateTransform, [-mx, -my]) as [number, number];
    state = {
      resolution: frameState.viewState.resolution,
      rotation: frameState.viewState.rotation,
      width,
      height,
      ratio,
      origin,
      version: store.version,
      at: now,
    };
    canvas.dataset.drawn = String(count);
  };

  const render = (frameState: FrameState): HTMLElement => {
    const [width = 0, height = 0] = frameState.size;
    const ratio = frameState.pixelRatio;
    const w = Math.round(width * ratio);
    const h = Math.round(height * ratio);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    const now = performance.now();
    const sameGeometry =
      state !== null &&
      state.resolution === frameState.viewState.resolution &&
      state.rotation === frameState.viewState.rotation &&
      state.width === width &&
      state.height === height &&
      state.ratio === ratio;
    let corner = state
      ? (applyTransform(frameState.coordinateToPixelTransform, [...state.origin]) as number[])
      : [0, 0];
    const mx = Math.round(width * MARGIN);
    const my = Math.round(height * MARGIN);
    const moved = state !== null && (Math.abs(corner[0]! + mx) > 0.5 || Math.abs(corner[1]! + my) > 0.5);
    const stale = state === null || state.version !== store.version || moved;
    if (!sameGeometry || (stale && now - state!.at >= REDRAW_MS)) {
      redraw(frameState, width, height, ratio, now);
      corner = [-mx, -my];
    } else if (stale) {
      // Bring the picture up to date once the interval has passed, even if nothing else asks for a frame.
      invalidate();
    }
    placed = [corner[0]!, corner[1]!];
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, w, h);
    context.drawImage(picture, Math.round(placed[0] * ratio), Math.round(placed[1] * ratio));
    return canvas;
  };

  const layer = new Layer({ render, className: 'tracks-layer', zIndex: 10 });
  const invalidate = () => {
    if (timer) return;
    const wait = state ? Math.max(0, REDRAW_MS - (performance.now() - state.at)) : 0;
    timer = window.setTimeout(() => {
      timer = 0;
      layer.changed();
    }, wait);
  };
  return {
    layer,
    invalidate,
    drawn: () => count,
    hit: ([x, y]) => {
      let best: Track | null = null;
      let bestDistance = HIT_PX * HIT_PX;
      for (let i = 0; i < count; i++) {
        const dx = screen[i * 2]! + placed[0] - x;
        const dy = screen[i * 2 + 1]! + placed[1] - y;
        const distance = dx * dx + dy * dy;
        if (distance <= bestDistance) {
          best = order[i]!;
          bestDistance = distance;
        }
      }
      return best;
    },
  };
}
