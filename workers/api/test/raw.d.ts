// Vite's `?raw` imports: golden files bundled into the tests, which cannot read the disk inside workerd.
declare module "*?raw" {
  const text: string;
  export default text;
}
