import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Banners and overflow: both banners inside the viewport, nothing wider than the window. */
export async function checkLayout(p: Page) {
  const layout = await p.evaluate(() => {
    const box = (id: string) => document.querySelector(`[data-testid=${id}]`)?.getBoundingClientRect().toJSON();
    return {
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      innerHeight: window.innerHeight,
      top: box('banner-top') as DOMRect | undefined,
      bottom: box('banner-bottom') as DOMRect | undefined,
    };
  });
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
  expect(layout.top?.top).toBe(0);
  expect(layout.top?.height).toBeGreaterThan(8);
  expect(layout.bottom?.bottom).toBeCloseTo(layout.innerHeight, 0);
  expect(layout.bottom?.height).toBeGreaterThan(8);
}
