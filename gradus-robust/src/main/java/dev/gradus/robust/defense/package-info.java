/**
 * Defences as pieces of the {@link dev.gradus.train.Trainer}: defensive distillation
 * ({@link dev.gradus.robust.defense.TemperatureCrossEntropy} for the teacher,
 * {@link dev.gradus.robust.defense.DistillationStep} for the student) and PGD adversarial training
 * ({@link dev.gradus.robust.defense.AdversarialStep}), which with the
 * {@link dev.gradus.optim.schedule.SlowStartFastDecay} learning rate on a pretrained model is adversarial fine-tuning.
 */
package dev.gradus.robust.defense;
