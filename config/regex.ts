import { z } from 'zod';

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** A JavaScript regular expression, checked at load time so a typo is a config error, not a crash later. */
export const regexSchema = z.string().refine(compiles, 'invalid regular expression');
