export { compose, maybe, withPair, checkPair, type Transform, type Transformable } from './types';
export {
  flipHorizontal, flipVertical, rotate90, rotateBy, cropWindow, resizeTo,
  randomFlip, randomRotate90, randomRotate, randomCrop, scaleJitter, randomResizedCrop,
} from './geometric';
export { channelGainBias, randomGamma, randomContrast, clampValues, photometricJitter, type BandChoice } from './photometric';
export { bandIndices, gatherChannels, selectChannels, permuteChannels, duplicateChannels, randomChannelShuffle, duplicateAndShuffle, selectBands } from './channels';
export { cropImage, cropLabel, warpImage, warpLabel } from './resample';
