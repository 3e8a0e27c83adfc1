/**
 * How the anomaly processor's state files hold numbers and what they were saved for: typed arrays as
 * base64 of their bytes (compact, exact), and a signature of the settings the state depends on.
 */
import { createHash } from 'node:crypto';
import { SidecarError } from '../../agent/kit.js';

export const encodeArray = (array: Int32Array | Float64Array): string => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');

function bytesOf(text: string, width: number, what: string): ArrayBuffer {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % width !== 0) throw new SidecarError('ANOMALY_MODEL_INVALID', `${what} has a partial value`);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export const decodeInt32 = (text: string): Int32Array => new Int32Array(bytesOf(text, 4, 'an int32 array'));
export const decodeFloat64 = (text: string): Float64Array => new Float64Array(bytesOf(text, 8, 'a float64 array'));

/** sha256 of the settings as JSON: a saved state is used only by the same settings. */
export const settingsSignature = (settings: unknown): string => createHash('sha256').update(JSON.stringify(settings)).digest('hex');
