/** The servers that scripts/services can run for the integration tests. */
export const SERVICE_NAMES = ['kafka', 'elasticsearch', 'opensearch'] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
