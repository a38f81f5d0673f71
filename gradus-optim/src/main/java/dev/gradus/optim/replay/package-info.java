/**
 * Gradient replay: running an optimizer on recorded gradients and comparing its trajectory with one
 * recorded by another framework ({@link dev.gradus.optim.replay.GradientReplay}).
 */
package dev.gradus.optim.replay;
