import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Tauri serves the built files from the binary; the strict CSP forbids inline scripts and
// styles, so Svelte's CSS is emitted as a file (the default) and nothing is inlined.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: 'safari15',
    assetsInlineLimit: 0,
    sourcemap: false,
    // The editor's chunk (CodeMirror) is about 530 kB; it is loaded from the binary when the
    // editor first opens, never over a network, so the web-oriented 500 kB warning is noise.
    chunkSizeWarningLimit: 600,
  },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
