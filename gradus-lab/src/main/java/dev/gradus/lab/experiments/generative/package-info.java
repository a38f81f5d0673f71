/**
 * Lab experiments on generative models: GDSS's joint diffusion of node features and adjacency on community-small
 * graphs ({@link dev.gradus.lab.experiments.generative.GdssSmall}). The score networks, the SDEs and the
 * predictor-corrector sampler live in the library ({@link dev.gradus.nn.graph}, {@link dev.gradus.nn.diffusion});
 * each class here builds the scaled-down data, trains over seeds and states the claims.
 */
package dev.gradus.lab.experiments.generative;
