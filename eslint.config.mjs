// One lint for the whole repository (issue #11): typescript-eslint's recommended rules on every TypeScript file,
// and import-x/no-cycle, so that no module imports itself back through others. `npm test` runs it.
// The PCF control folder (addon/LicenceBanner) keeps its own config (addon/eslint.config.mjs, with the Power Apps
// checker rules) because pcf-scripts lints it on every build; it is linted there, not here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      '**/obj/**',
      '**/coverage/**',
      '**/generated/**',
      'test-output/**',
      'addon/LicenceBanner/**',
      'addon/eslint.config.mjs',
      'addon/pcf/**',
      // Fixtures that break rules on purpose (test/lint/no-cycle.test.ts lints them with this config).
      'test/lint/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // import-x follows a dependency only if it has a parser for its extension: without these it sees no cycle in
      // TypeScript at all (test/lint/no-cycle.test.ts fails).
      'import-x/extensions': ['.ts', '.tsx', '.js', '.cjs', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Type-aware rules for the promise and error mistakes that type checking alone lets through: an async call whose
    // result nobody awaits or catches (a lost rejection, a write that races the answer), a promise passed where a
    // plain callback is expected (Express handlers, event listeners), `await` on a non-promise, throwing a non-Error.
    // One program for the whole repository (tsconfig.json), which is faster here than the project service.
    // Chosen one by one rather than recommendedTypeChecked: that set adds ~900 no-unsafe-* reports on the tests'
    // JSON answers and commander's untyped options. The lint fixtures are linted alone by test/lint/no-cycle.test.ts
    // and need no program.
    files: ['**/*.ts'],
    ignores: ['test/lint/fixtures/**'],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-array-delete': 'error',
      '@typescript-eslint/restrict-plus-operands': 'error',
    },
  },
  {
    // Tests read JSON answers whose shape the assertions check; `any` there is the point. Source code is typed.
    files: ['**/test/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // CommonJS launchers (bin/*.js) and jest/pcf preloads.
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Web resources served to a browser in the solution builder's fixtures.
    files: ['solution/test/fixtures/web/**/*.js'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly' } },
  },
);
