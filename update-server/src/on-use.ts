/**
 * Loads a module when a command or route first needs it (decision U78: a start does not pay for pg, the OpenAPI
 * document, the demo or the backup code it may never use). A synchronous `require`, not `import()`: the bins run the
 * sources through tsx's CommonJS hook (update-server/bin/compiled.js), which does not resolve a native `import()` of a
 * TypeScript file, and esbuild bundles a `require` into the compiled server like any other.
 */
export function onUse<T>(load: () => unknown): T {
  return load() as T;
}
