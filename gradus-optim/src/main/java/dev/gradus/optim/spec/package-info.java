/**
 * Optimizer specs: one line of text such as {@code adamw(lr=1e-3, betas=(0.9, 0.999), weight_decay=0.01)}.
 *
 * <p>{@link dev.gradus.optim.spec.SpecParser} turns text into a {@link dev.gradus.optim.spec.SpecValue}
 * tree and {@link dev.gradus.optim.spec.SpecPrinter} prints it back canonically. Each optimizer,
 * transform and schedule declares a {@link dev.gradus.optim.spec.Descriptor} (name, hyperparameters with
 * the reference implementation's names, types, defaults and ranges, and the reference), listed in
 * {@link dev.gradus.optim.OptimizerRegistry}; {@link dev.gradus.optim.spec.Specs} builds objects from
 * specs through it, and validated values live in {@link dev.gradus.optim.spec.Hyperparams}.
 */
package dev.gradus.optim.spec;
