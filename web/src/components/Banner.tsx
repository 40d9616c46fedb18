import { bannerColours, useScreenMarking } from '../marking.js';

/** A classification banner carrying the roll-up marking of everything on screen. */
export function Banner({ position }: { position: 'top' | 'bottom' }) {
  const marking = useScreenMarking();
  const { background, color } = bannerColours(marking);
  return (
    <div
      className={`banner banner-${position}`}
      style={{ background, color }}
      role="note"
      aria-label={`Classification: ${marking}`}
      data-testid={`banner-${position}`}
    >
      {marking}
    </div>
  );
}
