/** The API's bearer token, read once at start from an environment variable or a file (a mounted Secret). */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiConfig } from '../../config/api-schema.js';
import { errorMessage, SidecarError } from '../errors.js';

export type TokenCheck = (authorization: string | undefined) => boolean;

export function tokenCheck(token: ApiConfig['token'], configDir: string): TokenCheck {
  if (token === undefined) return () => true;
  let secret: string | undefined;
  if (token.env !== undefined) secret = process.env[token.env];
  else if (token.file !== undefined) {
    const file = path.resolve(configDir, token.file);
    try {
      secret = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new SidecarError('API_LISTEN', `api.token.file ${file}: ${errorMessage(error)}`, { cause: error });
    }
  }
  if (secret === undefined || secret === '') throw new SidecarError('API_LISTEN', `api.token: ${token.env !== undefined ? `environment variable ${token.env}` : 'the token file'} is empty or unset`);
  // Digests of equal length, so the comparison takes the same time whatever the caller sent.
  const expected = digest(secret);
  return (authorization) => {
    const match = /^Bearer (.+)$/.exec(authorization ?? '');
    return match !== null && timingSafeEqual(digest(match[1] as string), expected);
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
