// Templates are imported as text at build time (Vite's `?raw`), so shared/ stays free of file I/O.
declare module '*?raw' {
  const content: string;
  export default content;
}
