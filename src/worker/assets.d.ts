/** A file imported with Vite's `?url` suffix is its URL in the build (the worker project has no vite/client types). */
declare module '*?url' {
  const url: string;
  export default url;
}
