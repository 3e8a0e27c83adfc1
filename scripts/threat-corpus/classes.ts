/**
 * The attack class of a CRS rule, from the rule file its id falls in (CRS v4 numbers rules by file: 942100 is
 * in REQUEST-942-APPLICATION-ATTACK-SQLI). JNDI / Log4Shell rules live in 944 (Java), Node.js, SSRF and
 * other generic injections in 934.
 */
export const ATTACK_CLASSES = ['method', 'scanner', 'protocol', 'lfi', 'rfi', 'rce', 'php', 'generic', 'xss', 'sqli', 'session_fixation', 'java'] as const;
export type AttackClass = (typeof ATTACK_CLASSES)[number];

const CLASS_BY_FILE: Record<number, AttackClass> = {
  911: 'method',
  913: 'scanner',
  920: 'protocol',
  921: 'protocol',
  922: 'protocol',
  930: 'lfi',
  931: 'rfi',
  932: 'rce',
  933: 'php',
  934: 'generic',
  941: 'xss',
  942: 'sqli',
  943: 'session_fixation',
  944: 'java',
};

/** The class of a request rule id; undefined for response rules, blocking evaluation and ids outside CRS. */
export function attackClassOfRule(ruleId: number): AttackClass | undefined {
  if (!Number.isInteger(ruleId) || ruleId < 900000 || ruleId > 999999) return undefined;
  return CLASS_BY_FILE[Math.floor(ruleId / 1000)];
}
