import { describe, expect, it } from 'vitest';

import { attackClassOfRule } from './classes.js';

describe('attackClassOfRule', () => {
  it('maps each CRS request file to its class', () => {
    expect(attackClassOfRule(913100)).toBe('scanner');
    expect(attackClassOfRule(920350)).toBe('protocol');
    expect(attackClassOfRule(921110)).toBe('protocol');
    expect(attackClassOfRule(930120)).toBe('lfi');
    expect(attackClassOfRule(931100)).toBe('rfi');
    expect(attackClassOfRule(932230)).toBe('rce');
    expect(attackClassOfRule(933160)).toBe('php');
    expect(attackClassOfRule(934100)).toBe('generic');
    expect(attackClassOfRule(941100)).toBe('xss');
    expect(attackClassOfRule(942100)).toBe('sqli');
    expect(attackClassOfRule(943120)).toBe('session_fixation');
    // JNDI (Log4Shell) lives in the Java file.
    expect(attackClassOfRule(944150)).toBe('java');
  });

  it('has no class for blocking evaluation, response rules or ids outside CRS', () => {
    expect(attackClassOfRule(949110)).toBeUndefined();
    expect(attackClassOfRule(951110)).toBeUndefined();
    expect(attackClassOfRule(980170)).toBeUndefined();
    expect(attackClassOfRule(123)).toBeUndefined();
    expect(attackClassOfRule(942100.5)).toBeUndefined();
  });
});
