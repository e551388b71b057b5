/** Pre-training: strategies (IM-RGB, CSP), extensions X1–X6, the input pipeline and the run. */
export { runPretrain, type PretrainRecord, type PretrainResult, type RunControl } from './run';
export { defaultPretrainOptions, type PretrainOptions, type PretrainData } from './config';
export { PretrainInput, type PretrainInputRecord } from './input';
export { synthGeoClsSource, imagenetClsSource, type ClsSource } from './data';
export { validateClassifier, reverseChannels } from './validate';
export * from './strategies/index';
export { EXTENSIONS, EXTENSION_IDS, parseExtensions, extensionsOf, runLabel, type Extension, type ExtensionId } from './extensions/registry';
