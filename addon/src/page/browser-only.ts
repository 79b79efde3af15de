/**
 * The esbuild plugin both page builds use (the Dynamics page, build.ts; the Odoo page, ../odoo/page/build.ts). It
 * lives apart from build.ts because build.ts is also a command (`tsx addon/src/page/build.ts OUT_DIR`), whose
 * `require.main === module` guard would run inside any bundle that includes it (the compiled demo).
 */
import type { Plugin } from 'esbuild';

/**
 * node-forge requires 'crypto' only when it runs under Node (guarded by its own isNodejs check); in the browser
 * bundle that require gets an empty module. Any other Node built-in fails the build.
 */
export const browserOnly: Plugin = {
  name: 'browser-only',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_]+$/ }, (args) => {
      const builtins = new Set(['crypto', 'fs', 'path', 'os', 'http', 'https', 'stream', 'zlib', 'url', 'util', 'buffer', 'net', 'tls', 'child_process']);
      const name = args.path.replace(/^node:/, '');
      if (!builtins.has(name)) return undefined;
      if (name === 'crypto' && /node-forge/.test(args.importer)) return { path: name, namespace: 'empty' };
      return { errors: [{ text: `${args.importer} imports the Node built-in "${args.path}", which the browser does not have` }] };
    });
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};
