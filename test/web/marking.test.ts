import { describe, expect, it } from 'vitest';
import { banner, markingText, rollUpMarkings } from '../../web/src/marking.js';

const screen = (...markings: string[]) => markingText(rollUpMarkings(markings));

describe('screen marking roll-up', () => {
  it('takes the highest classification on screen', () => {
    expect(screen('UNCLASSIFIED', 'SECRET//REL TO USA, JPN', 'CONFIDENTIAL//REL TO USA, JPN')).toBe(
      'SECRET//REL TO USA, JPN',
    );
    // A classified marking without REL TO is releasable to no one else: the roll-up says so.
    expect(screen('SECRET//REL TO USA, JPN', 'CONFIDENTIAL')).toBe('SECRET//NOFORN');
    expect(screen()).toBe('UNCLASSIFIED');
  });

  it('narrows releasability to the nations every marking allows', () => {
    expect(screen('SECRET//REL TO USA, JPN, AUS', 'CONFIDENTIAL//REL TO USA, JPN')).toBe('SECRET//REL TO USA, JPN');
  });

  it('treats an unreadable marking as the top level so an error never lowers the banner', () => {
    expect(screen('UNCLASSIFIED', 'COSMIC??')).toMatch(/^TOP SECRET/);
  });

  it('uses the conventional banner colours', () => {
    const colours = (m: string) => {
      const { background, colour } = banner(rollUpMarkings([m]));
      return [background.toUpperCase(), colour.toUpperCase()];
    };
    expect(colours('UNCLASSIFIED')).toEqual(['#007A33', '#FFFFFF']);
    expect(colours('CONFIDENTIAL')[0]).toBe('#0033A0');
    expect(colours('SECRET//NOFORN')[0]).toBe('#C8102E');
    expect(colours('TOP SECRET//NOFORN')).toEqual(['#FF8C00', '#000000']);
  });
});
