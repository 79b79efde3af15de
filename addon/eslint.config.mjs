// Flat ESLint config for the PCF project (eslint 9, typescript-eslint 8, Power Apps checker rules).
// pcf-scripts lints the control folder with it on every `pcf-scripts build` (no skipBuildLinting).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import powerApps from '@microsoft/eslint-plugin-power-apps';

export default tseslint.config(
  {
    // Build output, generated typings and the other add-on parts (addon/src has its own checks via the root tsc).
    ignores: ['out/**', 'obj/**', '**/generated/**', 'node_modules/**', 'src/**', 'eslint.config.mjs'],
  },
  {
    files: ['LicenceBanner/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    plugins: { '@microsoft/power-apps': powerApps },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ComponentFramework: 'readonly', Xrm: 'readonly' },
    },
    rules: {
      ...powerApps.configs.paCheckerHosted.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
);
