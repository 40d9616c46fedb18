import type { SecurityLabel } from '../domain/security/label.js';
import { bannerStyle, renderBanner, renderPortion } from '../domain/security/marking.js';
import { parseStanag4774, toStanag4774 } from '../domain/security/stanag4774.js';
import type { Clock } from './clock.js';
import type { Guard } from './guard.js';

/**
 * Labels as other tools exchange them: our markings read and written in the usual banner and portion forms, and as
 * NATO STANAG 4774 confidentiality metadata so a partner's labelling tools can read ours and we theirs. Pure
 * translation under the node's policy: no record is read here, so there is nothing to guard.
 */
export class LabelService {
  constructor(
    private readonly guard: Guard,
    private readonly clock: Clock,
  ) {}

  describe(input: SecurityLabel | string) {
    const label = this.guard.label(input);
    const policy = this.guard.policy;
    return {
      label,
      banner: renderBanner(label, policy),
      portion: renderPortion(label, policy),
      style: bannerStyle(label, policy),
      policyIdentifier: policy.policyIdentifier,
    };
  }

  toStanag4774(input: SecurityLabel | string): string {
    // STANAG 4774 wants a UTC date-time without fractions of a second.
    const creationDateTime = `${this.clock.now().slice(0, 19)}Z`;
    return toStanag4774(this.guard.label(input), this.guard.policy, { creationDateTime });
  }

  fromStanag4774(xml: string) {
    const parsed = parseStanag4774(xml, this.guard.policy);
    return {
      ...this.describe(parsed.label),
      ...(parsed.creationDateTime ? { creationDateTime: parsed.creationDateTime } : {}),
    };
  }
}
