import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneRuntimeModules, runtimeClosure } from './runtime-modules.js';

/** A node_modules tree: each package folder (relative, `a` or `a/node_modules/b`) with its dependencies. */
function tree(packages: Record<string, { dependencies?: string[]; optional?: string[]; files?: string[] }>): string {
  const nodeModules = path.join(mkdtempSync(path.join(os.tmpdir(), 'runtime-modules-')), 'node_modules');
  for (const [relative, spec] of Object.entries(packages)) {
    const dir = path.join(nodeModules, relative);
    mkdirSync(dir, { recursive: true });
    const manifest = {
      name: path.basename(relative).startsWith('@') ? relative : relative.split('/node_modules/').at(-1),
      dependencies: Object.fromEntries((spec.dependencies ?? []).map((d) => [d, '*'])),
      optionalDependencies: Object.fromEntries((spec.optional ?? []).map((d) => [d, '*'])),
    };
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
    for (const file of spec.files ?? []) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), 'x');
    }
  }
  return nodeModules;
}

describe('runtimeClosure', () => {
  it('follows dependencies the way Node.js resolves them: a nested copy before the hoisted one', () => {
    const modules = tree({
      ext: { dependencies: ['shared', '@scope/lib'] },
      shared: {},
      '@scope/lib': { dependencies: ['shared'] },
      '@scope/lib/node_modules/shared': {},
      bundled: { dependencies: ['shared'] },
    });
    const closure = [...runtimeClosure(modules, ['ext'])].map((dir) => path.relative(modules, dir)).sort();
    expect(closure).toEqual(['@scope/lib', '@scope/lib/node_modules/shared', 'ext', 'shared']);
  });

  it('leaves out dependencies named as never loaded, and what only they need', () => {
    const modules = tree({ ext: { dependencies: ['web-only', 'shared'] }, 'web-only': { dependencies: ['wasm'] }, wasm: {}, shared: {} });
    const closure = [...runtimeClosure(modules, ['ext'], ['web-only'])].map((dir) => path.relative(modules, dir)).sort();
    expect(closure).toEqual(['ext', 'shared']);
  });

  it('skips a missing optional dependency, and names a missing required one and who needs it', () => {
    const modules = tree({ ext: { dependencies: ['gone'], optional: ['other-system'] } });
    expect(() => runtimeClosure(modules, ['ext'])).toThrow(/gone, needed from node_modules\/ext, is not installed/);
    const fine = tree({ ext: { optional: ['other-system'] } });
    expect(runtimeClosure(fine, ['ext']).size).toBe(1);
  });
});

describe('pruneRuntimeModules', () => {
  it('removes packages outside the closure (nested ones too), bin links, the hidden lockfile and empty scopes', () => {
    const modules = tree({
      ext: { dependencies: ['dep'] },
      'ext/node_modules/unused': {},
      dep: {},
      bundled: {},
      '@scope/bundled': {},
    });
    mkdirSync(path.join(modules, '.bin'));
    writeFileSync(path.join(modules, '.package-lock.json'), '{}');
    const result = pruneRuntimeModules(modules, ['ext'], { platform: 'linux', arch: 'x64' });
    expect(result.kept).toBe(2);
    expect(readdirSync(modules).sort()).toEqual(['dep', 'ext']);
    expect(existsSync(path.join(modules, 'ext', 'node_modules', 'unused'))).toBe(false);
    expect(result.removed).toEqual(expect.arrayContaining(['bundled', path.join('@scope', 'bundled'), path.join('ext', 'node_modules', 'unused'), '.bin', '.package-lock.json']));
  });

  it('keeps only the onnxruntime-node binding for the platform and architecture it runs on', () => {
    const binding = (system: string, cpu: string) => `bin/napi-v6/${system}/${cpu}/onnxruntime_binding.node`;
    const modules = tree({
      'onnxruntime-node': { files: [binding('linux', 'x64'), binding('linux', 'arm64'), binding('darwin', 'arm64'), binding('win32', 'x64')] },
    });
    pruneRuntimeModules(modules, ['onnxruntime-node'], { platform: 'linux', arch: 'arm64' });
    const napi = path.join(modules, 'onnxruntime-node', 'bin', 'napi-v6');
    expect(readdirSync(napi)).toEqual(['linux']);
    expect(readdirSync(path.join(napi, 'linux'))).toEqual(['arm64']);
  });
});
