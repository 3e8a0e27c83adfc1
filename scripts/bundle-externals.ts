/**
 * The packages the bundled executable leaves outside (scripts/bundle-cli.ts): native code and files of their
 * own, loaded by the model worker (onnxruntime-node, transformers.js and the sharp it imports), or required
 * at run time (libphonenumber-js, by the redact processor). Everything else the agent uses is inside the
 * bundle, so an installation needs only these and what they depend on (scripts/image/).
 */
export const BUNDLE_EXTERNAL_PACKAGES = ['onnxruntime-node', '@huggingface/transformers', 'sharp', 'libphonenumber-js'] as const;

/**
 * Dependencies the externals declare but never load under Node.js: transformers.js's Node build carries the
 * web runtime's JavaScript inside it and runs models with onnxruntime-node, so the onnxruntime-web package
 * (141 MiB, mostly WebAssembly for browsers) is not needed. test/blackbox/runtime-install.test.ts runs the
 * tagger and the summarizer without it.
 */
export const UNLOADED_DEPENDENCIES = ['onnxruntime-web'] as const;

/** The package itself or any of its subpaths (`libphonenumber-js/max`). */
export function externalImportPattern(name: string): RegExp {
  return new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?:/|$)`);
}
