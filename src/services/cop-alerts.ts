import type { EventGeometry, SecurityEvent, SecurityEventKind } from '../domain/cop/security-event.js';
import { type Areal, areasIntersect, pointInArea } from '../domain/geo/area.js';
import type { SecurityLabel } from '../domain/security/label.js';
import type { Instant } from '../domain/time/instant.js';

/**
 * Alert rules: "an event of these kinds inside this named area notifies these commands". A rule may name commands
 * outright; the service adds the commands whose active missions cover the event's place when missions are wired in.
 */
export interface AlertRule {
  id: string;
  name: string;
  area: Areal;
  /** Kinds that trigger the rule; absent means every kind. */
  kinds?: SecurityEventKind[];
  /** Command (unit) ids to notify whatever the missions say. */
  commands: string[];
  label: SecurityLabel;
}

export interface Alert {
  id: string;
  ruleId: string;
  ruleName: string;
  eventId: string;
  kind: SecurityEventKind;
  /** The commands notified, sorted. */
  commands: string[];
  at: Instant;
  /** The roll-up of the event's and the rule's labels: whoever reads the alert may read both. */
  label: SecurityLabel;
}

export const EVENT_COLLECTION = 'cop-events';
export const RULE_COLLECTION = 'cop-alert-rules';
export const ALERT_COLLECTION = 'cop-alerts';

/** Whether an event's geometry meets a rule's area (a point on the boundary counts). */
export function geometryInArea(geometry: EventGeometry, area: Areal): boolean {
  switch (geometry.type) {
    case 'Point':
      return pointInArea({ lon: geometry.coordinates[0], lat: geometry.coordinates[1] }, area);
    case 'LineString':
      return geometry.coordinates.some(([lon, lat]) => pointInArea({ lon, lat }, area));
    case 'Polygon':
      return areasIntersect(geometry, area);
  }
}

/** The rules an event triggers. */
export function triggeredRules(event: SecurityEvent, rules: readonly AlertRule[]): AlertRule[] {
  return rules.filter(
    (rule) =>
      (rule.kinds === undefined || rule.kinds.includes(event.kind)) &&
      (geometryInArea(event.geometry, rule.area) ||
        (event.kind === 'missile-launch' &&
          event.impactArea !== undefined &&
          geometryInArea(event.impactArea, rule.area))),
  );
}
