import { banner, useScreenLabel } from '../marking.js';

/** A classification banner carrying the roll-up marking of everything on screen. */
export function Banner({ position }: { position: 'top' | 'bottom' }) {
  const { text, background, colour } = banner(useScreenLabel());
  return (
    <div
      className={`banner banner-${position}`}
      style={{ background, color: colour }}
      role="note"
      aria-label={`Classification: ${text}`}
      data-testid={`banner-${position}`}
    >
      {text}
    </div>
  );
}
