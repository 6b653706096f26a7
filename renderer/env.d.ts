// Vite's client types: import.meta.glob and asset URLs for the renderer bundle.
/// <reference types="vite/client" />
