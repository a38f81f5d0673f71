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
 *   <li>Write {@code dev.gradus.optim.optimizer.Xxx extends FusedOptimizer<Xxx>} (or
 *       {@code Configurable<Xxx>} when no fused kernel is worth it). Its Javadoc gives the update
 *       equations, the reference, the defaults and the deviations from the paper.</li>
 *   <li>Declare {@code public static final Descriptor<Xxx> SPEC} with the reference implementation's
 *       hyperparameter names, defaults and ranges (scalars as {@code Param.scalar}, so they take
 *       schedules); the constructor takes {@code Hyperparams} and reads them into fields.</li>
 *   <li>The state is a record implementing {@link dev.gradus.optim.Counted} whose components are only
 *       {@code Counter}, {@code TensorMap}, {@code MutableScalar}, {@code RandomStream} or nested states;
 *       it is all created in {@code init}. Evaluate schedules at {@code count()} before incrementing it.</li>
 *   <li>{@code reference()} returns the same method as a chain of building blocks.</li>
 *   <li>Add {@code Xxx.SPEC} to {@link dev.gradus.optim.OptimizerRegistry#OPTIMIZERS}, and a factory to
 *       {@link dev.gradus.optim.Optimizers}.</li>
 *   <li>Add a row to a contract test ({@code class XxxContractTest extends OptimizerContract} in the
 *       tests of {@code dev.gradus.optim.contract}), and, when a golden trajectory exists, its file to
 *       {@code src/test/resources/golden/}.</li>
 * </ol>
 * Optimizers that must evaluate the objective more than once per step (SAM, L-BFGS) also implement
 * {@link dev.gradus.optim.ObjectiveOptimizer}.
 */
package dev.gradus.optim;
