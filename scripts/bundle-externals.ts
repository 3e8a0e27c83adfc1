/**
 * The packages the bundled executable leaves outside (scripts/bundle-cli.ts): native code and files of their
 * own, loaded by the model worker (onnxruntime-node, transformers.js and the sharp it imports), or required
 * at run time (libphonenumber-js, by the redact processor). Everything else the agent uses is inside the
 * bundle, so an installation needs only these and what they depend on (scripts/image/).
 */
export const BUNDLE_EXTERNAL_PACKAGES = ['onnxruntime-node', '@huggingface/transformers', 'sharp', 'libphonenumber-js'] as const;

/** The package itself or any of its subpaths (`libphonenumber-js/max`). */
export function externalImportPattern(name: string): RegExp {
  return new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?:/|$)`);
}
