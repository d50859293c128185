/** The example profiles shipped in examples/, bundled at build time so they open offline. */
const modules = import.meta.glob<string>('../../../examples/*.json', {
  eager: true,
  query: '?raw',
  import: 'default',
});

export const EXAMPLES: { name: string; text: string }[] = Object.entries(modules)
  .map(([path, text]) => ({ name: path.replace(/^.*\//, '').replace(/\.json$/, ''), text }))
  .sort((a, b) => a.name.localeCompare(b.name));
