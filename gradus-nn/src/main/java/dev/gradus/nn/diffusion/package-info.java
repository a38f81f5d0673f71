/**
 * Score-based diffusion (Song et al., "Score-Based Generative Modeling through Stochastic Differential
 * Equations", ICLR 2021): the forward SDEs ({@link dev.gradus.nn.diffusion.Sde}: variance preserving
 * {@link dev.gradus.nn.diffusion.VpSde}, variance exploding {@link dev.gradus.nn.diffusion.VeSde}), their noise
 * shapes ({@link dev.gradus.nn.diffusion.Noise}, including the symmetric noise of an adjacency matrix), and the
 * predictor-corrector sampler ({@link dev.gradus.nn.diffusion.PredictorCorrector}: reverse-diffusion predictor and
 * Langevin corrector) for a system of SDEs whose scores are computed jointly, as in GDSS (Jo, Lee, Hwang, ICML
 * 2022) for node features and adjacency.
 *
 * <p>Why here: the sampler only needs tensors and a score function; the score networks are modules of
 * {@link dev.gradus.nn.graph} or any other package, trained by denoising score matching
 * ({@link dev.gradus.nn.objective.DenoisingScoreMatching} is the fixed-noise-level form).
 */
package dev.gradus.nn.diffusion;
