/**
 * Lab experiments on the training schemes of issue 18: gradient-boosted sequential training
 * ({@link dev.gradus.train.boost}), layer-local training by target projection ({@link dev.gradus.train.local})
 * and the deep conjugate direction method ({@link dev.gradus.optim.linear}). The methods live in the library;
 * each class here builds the paper's scaled-down data, runs the methods over seeds and states the claims.
 */
package dev.gradus.lab.experiments.schemes;
