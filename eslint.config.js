// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'coverage/', '**/testdata/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Plain scripts that run on Node.js before the TypeScript build.
  { files: ['**/*.mjs'], languageOptions: { globals: { process: 'readonly' } } },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Components see the agent only through its kit (agent/kit.ts), so the runtime can change behind it.
    files: ['agent/inputs/**/*.ts', 'agent/outputs/**/*.ts', 'processors/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/runtime/*', '**/checkpoints/*', '**/telemetry/*', '**/component.js', '**/event.js', '**/errors.js', '**/registry.js', '**/builtins.js', '**/cli.js', '**/config/*'],
              message: 'Components import the agent only through agent/kit.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // config/ validates and locates; it knows components only through the shapes it is handed.
    files: ['config/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/agent/*', '**/agent/**', '**/processors/**'], message: 'config/ does not import the agent or its components.' }] }],
    },
  },
);
