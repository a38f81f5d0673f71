/**
 * Training objectives beyond the mean loss of a batch, built as differentiable graphs so that their gradients
 * reach every parameter: Hessian-alignment penalties over per-domain losses
 * ({@link dev.gradus.nn.objective.HessianAlignment}, {@link dev.gradus.nn.objective.DomainAlignmentObjective},
 * trained by {@link dev.gradus.nn.objective.DomainAlignmentStep}) and denoising score matching
 * ({@link dev.gradus.nn.objective.DenoisingScoreMatching}), and DRM's domain-specific heads
 * ({@link dev.gradus.nn.objective.DomainSpecificHeads}) with their training objective
 * ({@link dev.gradus.nn.objective.DomainSpecificRisk}), their entropy-weighted combination
 * ({@link dev.gradus.nn.objective.EntropyWeighting}) and online steering at test time
 * ({@link dev.gradus.nn.objective.OnlineSteering}).
 */
package dev.gradus.nn.objective;
