/**
 * Gradient inversion: reconstructing a client's inputs from the parameter gradient it shares. The
 * {@link dev.gradus.robust.inversion.GradientMatching} objective (L2 as in DLG/iDLG, cosine as in Inverting Gradients,
 * with the {@link dev.gradus.robust.inversion.TotalVariation} prior), iDLG's label inference
 * ({@link dev.gradus.robust.inversion.LabelInference}), DLG with learned dummy labels
 * ({@link dev.gradus.robust.inversion.Dlg}), the pixel-space attack
 * ({@link dev.gradus.robust.inversion.PixelInversion}) and GIFD's staged search over a generator's latent and
 * intermediate features ({@link dev.gradus.robust.inversion.GifdSearch}), all minimised by
 * {@link dev.gradus.robust.inversion.ProjectedAdam}.
 */
package dev.gradus.robust.inversion;
