import ms from 'milsymbol';

/** Where a symbol sits in the atlas (device pixels) and its anchor (the symbol's centre of position). */
export interface Sprite {
  sx: number;
  sy: number;
  w: number;
  h: number;
  ax: number;
  ay: number;
}

const CELL = 64;
const SIZE = 1024;
const FALLBACK_SIDC = '10011000000000000000';

/**
 * One canvas holding every track symbol drawn so far, in a grid of cells: a frame of ten thousand tracks is ten
 * thousand drawImage calls from a single source, with no per-feature objects. Symbols come from milsymbol, drawn
 * straight to canvas (no data: URLs, so the page's CSP stays at 'self').
 */
export class SpriteAtlas {
  readonly canvas: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private readonly sprites = new Map<string, Sprite>();
  private next = 0;

  constructor(
    private readonly symbolPx: number,
    private readonly ratio: number,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.width = SIZE;
    this.canvas.height = SIZE;
    this.context = this.canvas.getContext('2d')!;
  }

  sprite(sidc: string): Sprite {
    const found = this.sprites.get(sidc);
    if (found) return found;
    const capacity = (SIZE / CELL) ** 2;
    // A full atlas draws further new symbols as the generic unknown one rather than growing without bound.
    if (this.next >= capacity) return this.sprites.get(FALLBACK_SIDC) ?? this.draw(FALLBACK_SIDC);
    return this.draw(sidc);
  }

  private draw(sidc: string): Sprite {
    const code = /^\d{20}$/.test(sidc) ? sidc : FALLBACK_SIDC;
    const symbol = new ms.Symbol(code, { size: this.symbolPx });
    const image = symbol.asCanvas(this.ratio);
    const anchor = symbol.getAnchor();
    const index = this.next++;
    const sx = (index % (SIZE / CELL)) * CELL;
    const sy = Math.floor(index / (SIZE / CELL)) * CELL;
    // Scale down a symbol larger than its cell (amplified frames), keeping the anchor in step.
    const fit = Math.min(1, CELL / image.width, CELL / image.height);
    const w = Math.floor(image.width * fit);
    const h = Math.floor(image.height * fit);
    this.context.drawImage(image, sx, sy, w, h);
    const sprite = { sx, sy, w, h, ax: anchor.x * this.ratio * fit, ay: anchor.y * this.ratio * fit };
    this.sprites.set(sidc, sprite);
    return sprite;
  }
}
