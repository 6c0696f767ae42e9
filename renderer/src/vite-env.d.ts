// Vite's client types: lets TypeScript accept `import './x.css'` and import.meta.env.
/// <reference types="vite/client" />
