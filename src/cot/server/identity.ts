import type { PeerCertificate } from 'node:tls';
import type { SecurityLabel } from '../../domain/security/label.js';
import { parseMarking } from '../../domain/security/marking.js';
import type { Policy } from '../../domain/security/policy.js';
import type { Actor } from '../../services/actor.js';

/**
 * Who a TAK client is. A mutual-TLS client is the user its certificate maps to (subject CN → user id, from the
 * table below); the certificate's groups (subject OU values) may map to the label its unmarked events get. Plain TCP
 * and UDP clients have no identity: they act as the configured anonymous actor and label.
 */
export interface TakIdentityConfig {
  /** Certificate subject CN → user id. */
  certificates: Record<string, string>;
  /** Certificate group (subject OU) → marking of that group's unmarked events, e.g. 'SECRET//NOFORN'. */
  groupMarkings?: Record<string, string>;
}

export interface TakPrincipal {
  actor: Actor;
  /** The label of the client's events that carry no marking. */
  defaultLabel: SecurityLabel;
}

export type ResolveUser = (userId: string) => Actor | undefined | Promise<Actor | undefined>;

function asList(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** The user and default label of a verified client certificate, or undefined when the table does not know it. */
export async function certificatePrincipal(
  certificate: PeerCertificate,
  config: TakIdentityConfig,
  resolveUser: ResolveUser,
  policy: Policy,
  fallbackLabel: SecurityLabel,
): Promise<TakPrincipal | undefined> {
  const commonName = asList(certificate.subject?.CN)[0];
  const userId = commonName === undefined ? undefined : config.certificates[commonName];
  const actor = userId === undefined ? undefined : await resolveUser(userId);
  if (!actor) return undefined;
  const group = asList(certificate.subject?.OU).find((name) => config.groupMarkings?.[name] !== undefined);
  const defaultLabel = group === undefined ? fallbackLabel : parseMarking(config.groupMarkings![group]!, policy);
  return { actor, defaultLabel };
}
