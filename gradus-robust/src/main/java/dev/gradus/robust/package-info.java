/**
 * gradus-robust: adversarial robustness and gradient inversion on Gradus models.
 *
 * <ul>
 *   <li>{@code dev.gradus.robust} itself: what every attack needs, the {@link dev.gradus.robust.Classifier} under
 *       attack and the cross-entropy {@link dev.gradus.robust.InputGradients input gradient}, in float64 or with the
 *       softmax rounded to float32 (where defensive distillation's gradients underflow).</li>
 *   <li>{@code dev.gradus.robust.projection}: Euclidean projections onto L-infinity, L2 and L1 balls (Duchi et al.,
 *       2008), which PGD and GIFD use.</li>
 *   <li>{@code dev.gradus.robust.attack}: FGSM, PGD (L-infinity and L2) and Carlini-Wagner L2.</li>
 *   <li>{@code dev.gradus.robust.defense}: defensive distillation, PGD adversarial training and adversarial
 *       fine-tuning, as {@link dev.gradus.train.TrainStep}s and losses for the Trainer.</li>
 *   <li>{@code dev.gradus.robust.inversion}: gradient inversion: DLG/iDLG gradient matching (L2 and cosine), the
 *       total-variation prior, and GIFD's staged feature-domain search.</li>
 * </ul>
 */
package dev.gradus.robust;
