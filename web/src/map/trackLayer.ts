import type { FrameState } from 'ol/Map.js';
import Layer from 'ol/layer/Layer.js';
import type { SpriteAtlas } from './atlas.js';
import type { MapTheme } from './style.js';
import type { Track, TrackStore } from './trackStore.js';

/** Labels (callsigns) are drawn only while this few tracks are on screen: beyond that they are noise, and slow. */
const LABEL_LIMIT = 120;
const HIT_PX = 12;

export interface TrackLayer {
  layer: Layer;
  /** The track drawn nearest to a pixel (CSS px of the map viewport), within a few pixels. */
  hit(pixel: [number, number]): Track | null;
  /** How many tracks the last frame drew. */
  drawn(): number;
}

/**
 * Tracks on one canvas: each frame transforms every track to pixels and copies its symbol from the sprite atlas.
 * No feature objects, no per-track DOM; a frame costs one pass over the store.
 */
export function createTrackLayer(store: TrackStore, atlas: SpriteAtlas, theme: MapTheme): TrackLayer {
  const canvas = document.createElement('canvas');
  canvas.className = 'tracks-canvas';
  canvas.style.position = 'absolute';
  canvas.style.left = '0';
  canvas.style.top = '0';
  canvas.style.width = '100%';
  canvas.style.height = '100%';
  const context = canvas.getContext('2d')!;
  let screen = new Float32Array(0);
  // Reused between frames: index i is the track drawn i-th in the last frame (entries past `count` are stale).
  const order: Track[] = [];
  let count = 0;
  const font = `600 ${Math.round(11 * theme.scale)}px system-ui, sans-serif`;

  const render = (frameState: FrameState): HTMLElement => {
    const [width = 0, height = 0] = frameState.size;
    const ratio = frameState.pixelRatio;
    const w = Math.round(width * ratio);
    const h = Math.round(height * ratio);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, w, h);
    const t = frameState.coordinateToPixelTransform;
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = t;
    if (screen.length < store.tracks.size * 2) screen = new Float32Array(store.tracks.size * 2 + 1024);
    count = 0;
    const margin = 32;
    for (const track of store.tracks.values()) {
      const px = a * track.x + c * track.y + e;
      const py = b * track.x + d * track.y + f;
      if (px < -margin || py < -margin || px > width + margin || py > height + margin) continue;
      const sprite = atlas.sprite(track.sidc);
      context.drawImage(
        atlas.canvas,
        sprite.sx,
        sprite.sy,
        sprite.w,
        sprite.h,
        Math.round(px * ratio - sprite.ax),
        Math.round(py * ratio - sprite.ay),
        sprite.w,
        sprite.h,
      );
      screen[count * 2] = px;
      screen[count * 2 + 1] = py;
      order[count] = track;
      count++;
    }
    if (count > 0 && count <= LABEL_LIMIT) {
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.font = font;
      context.textBaseline = 'middle';
      context.lineWidth = 3 * theme.scale;
      context.strokeStyle = theme.halo;
      context.fillStyle = theme.text;
      for (let i = 0; i < count; i++) {
        const text = order[i]!.report.callsign ?? '';
        if (!text) continue;
        const x = screen[i * 2]! + 14 * theme.scale;
        const y = screen[i * 2 + 1]!;
        context.strokeText(text, x, y);
        context.fillText(text, x, y);
      }
    }
    canvas.dataset.drawn = String(count);
    return canvas;
  };

  const layer = new Layer({ render, className: 'tracks-layer', zIndex: 10 });
  return {
    layer,
    drawn: () => count,
    hit: ([x, y]) => {
      let best: Track | null = null;
      let bestDistance = HIT_PX * HIT_PX;
      for (let i = 0; i < count; i++) {
        const dx = screen[i * 2]! - x;
        const dy = screen[i * 2 + 1]! - y;
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
