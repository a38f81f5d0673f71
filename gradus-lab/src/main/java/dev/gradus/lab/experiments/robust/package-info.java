/**
 * Experiments on adversarial robustness and gradient inversion, built on gradus-robust: defensive distillation as
 * gradient masking against FGSM and Carlini-Wagner ({@link dev.gradus.lab.experiments.robust.AttacksDistill}),
 * adversarial fine-tuning with the slow-start-fast-decay schedule
 * ({@link dev.gradus.lab.experiments.robust.AdvFinetune}) and GIFD's feature-domain gradient inversion
 * ({@link dev.gradus.lab.experiments.robust.Gifd}). {@link dev.gradus.lab.experiments.robust.RobustData} holds
 * the digits split they share.
 */
package dev.gradus.lab.experiments.robust;
