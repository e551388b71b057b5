/** Reporting: results tables (Parquet/CSV), multi-seed statistics, Vega-Lite charts (SVG/PNG), overlays, report.md. */
export * from './results';
export * from './stats';
export * from './charts';
export * from './render';
export * from './overlay';
export * from './runlogs';
export * from './report';
