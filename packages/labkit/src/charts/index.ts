export { type BoxDiagramOptions, type BoxEdge, type BoxNode, boxDiagram, type Tone } from './boxes';
export { type LineOptions, lineChart, type Series } from './line';
export { countInPlace, kendallTau } from './order-stats';
export { type Point, type ScatterOptions, scatterChart } from './scatter';
export { escapeXml, ticks } from './svg';
export { type TimelineEvent, type TimelineOptions, timelineChart } from './timeline';
