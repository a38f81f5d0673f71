/**
 * Composable gradient transformations and optimizers.
 *
 * <p>A {@link dev.gradus.optim.GradientTransformation} turns gradients into updates and keeps all of its
 * state in an {@link dev.gradus.optim.OptState} record created eagerly by {@code init} and keyed by
 * parameter name. Hyperparameters are {@link dev.gradus.optim.Schedule}s of the step counter.
 *
 * <h2>Using it</h2>
 * <pre>{@code
 * GradientTransformation opt = Optimizers.adamw().lr(Schedules.warmupCosine(0, 1e-3, 100, 10_000));
 * // or: Specs.transformation("adamw(lr=warmup_cosine(peak=0.001, warmup_steps=100, steps=10000))")
 * OptState state = opt.init(params);
 * opt.step(params, grads, state);                       // params += update(grads)
 * opt.hyperparams(state);                               // {"lr": ..., "betas[0]": 0.9, ...}
 * StateTree.get(state, "mu/layer.weight");              // any state value by path
 * StateFile.save(path, opt, state);                     // versioned safetensors
 * OptState resumed = StateFile.load(path, opt, params); // bit-identical continuation
 * }</pre>
 *
 * <h2>Adding an optimizer</h2>
 * <ol>
 *   <li>Write {@code dev.gradus.optim.optimizer.Xxx extends FusedOptimizer<Xxx>} (one kernel and a composed
 *       reference), {@code KernelOptimizer<Xxx>} (one kernel, no building blocks) or {@code Configurable<Xxx>}.
 *       Its Javadoc gives the update equations, the reference, the defaults and the deviations from the
 *       paper; its Java examples compile (a test compiles every {@code <pre>{@code ...}} block).</li>
 *   <li>Declare {@code public static final Descriptor<Xxx> SPEC} with the reference implementation's
 *       hyperparameter names, defaults and ranges (scalars as {@code Param.scalar}, so they take
 *       schedules). That is the only declaration of each hyperparameter: the kernel reads it with
 *       {@code at("lr", step)} or {@code flag("amsgrad")}, and the fluent setters come from implementing
 *       the {@link dev.gradus.optim.Fluent} interfaces of its names ({@code Fluent.Lr<Xxx>}, ...).</li>
 *   <li>The kernel works a block at a time through {@link dev.gradus.optim.kernel.Chunks} (every core on large
 *       tensors, the same bits on any number of threads) and uses the shared loops of
 *       {@link dev.gradus.optim.kernel.AdamMoments} and {@code dev.gradus.tensor.Trees} rather than its own.</li>
 *   <li>The state is a record implementing {@link dev.gradus.optim.Counted} whose components are
 *       {@code StateLeaf}s or nested states; it is all created in {@code init}. Evaluate schedules at
 *       {@code count()} before incrementing it.</li>
 *   <li>{@code reference()} returns the same method as a chain of building blocks.</li>
 *   <li>List {@code Xxx.SPEC} in the module's {@code DescriptorProvider} (for this module
 *       {@code BuiltinDescriptors}), and add a factory to {@link dev.gradus.optim.Optimizers}.</li>
 *   <li>Add a row to a contract test ({@code class XxxContractTest extends OptimizerContract} in the
 *       tests of {@code dev.gradus.optim.contract}), and, when a golden trajectory exists, its file to
 *       {@code src/test/resources/golden/}.</li>
 * </ol>
 * Optimizers that evaluate the objective themselves (SAM, L-BFGS) ask the
 * {@link dev.gradus.optim.StepContext} for it and declare that in {@code requirements()}, so a caller that
 * cannot give it refuses them before the first step.
 */
package dev.gradus.optim;
