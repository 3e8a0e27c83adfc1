/**
 * IPv4 and IPv6 addresses. The patterns only find candidates (dotted quads, hex groups with colons); Node's
 * own parser decides, so times (09:03:31), MAC addresses and versions (1.2.3.4.5) are left alone.
 */
import { isIP } from 'node:net';
import type { Detector } from './detector.js';

// No capture groups: the replace callback of built-in detectors reads (match, offset, text).
const IPV4 = String.raw`(?:\d{1,3}\.){3}\d{1,3}`;
const IPV6 = String.raw`(?:[0-9A-Fa-f]{0,4}:){2,7}(?:${IPV4}|[0-9A-Fa-f]{1,4})`;

export const ipDetector: Detector = {
  name: 'ip',
  // An IPv4 address may be followed by :port, an IPv6 one is not followed by another group.
  pattern: new RegExp(String.raw`(?<![\w.:])(?:${IPV6}(?![\w:])|${IPV4}(?!\w|\.\d))`, 'g'),
  confirm: (match) => isIP(match) !== 0,
};
