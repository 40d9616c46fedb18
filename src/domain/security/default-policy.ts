import policyJson from '../../../config/policy.json' with { type: 'json' };
import { type Policy, parsePolicy } from './policy.js';

/**
 * The policy shipped in config/policy.json, bundled at build time so the domain, the CLI and the web page agree
 * without reading a file. A node that runs another policy reads its own file and calls `parsePolicy`.
 */
export const DEFAULT_POLICY: Policy = parsePolicy(policyJson, 'config/policy.json');
