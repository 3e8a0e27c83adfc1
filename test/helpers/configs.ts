/** Config files for black-box tests: short intervals so rotation and checkpoints happen within a test. */
export function fileToFileConfig(
  dir: string,
  options: { include?: string[]; exclude?: string[]; extraInput?: string; processors?: string; stateDir?: string; output?: string } = {},
): string {
  const include = options.include ?? [`${dir}/logs/*.log`];
  return `state_dir: ${options.stateDir ?? `${dir}/state`}
log: { level: info }
pipeline:
  checkpoint_interval: 200ms
  shutdown_timeout: 20s
  max_in_flight_batches: 4
inputs:
  - type: file
    id: app
    include: ${JSON.stringify(include)}
    exclude: ${JSON.stringify(options.exclude ?? [])}
    poll_interval: 100ms
    scan_interval: 500ms
    rotate_wait: 500ms
${options.extraInput ?? ''}
processors: ${options.processors ?? '[]'}
outputs:
  - type: file
    path: ${options.output ?? `${dir}/out/events.ndjson`}
`;
}
