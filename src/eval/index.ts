/** Evaluation: confusion matrix and metrics, dataset protocols, boundary F1, sliding-window inference, scoring label images. */
export * from './confusion';
export * from './metrics';
export * from './protocols';
export * from './palette';
export * from './boundary';
export * from './sliding_window';
export * from './label_io';
export * from './score';
