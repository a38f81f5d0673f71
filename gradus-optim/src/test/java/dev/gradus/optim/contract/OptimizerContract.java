package dev.gradus.optim.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Schedule;
import dev.gradus.optim.spec.Specs;
import dev.gradus.optim.state.StateFile;
import dev.gradus.optim.state.StateTree;
import dev.gradus.tensor.TensorMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one table-driven contract every optimizer and wrapper passes. A subclass lists its rows
 * ({@link OptimizerCase}) and inherits these checks for each:
 *
 * <ol>
 *   <li>it descends on a quadratic and on Rosenbrock ({@link TestProblems});</li>
 *   <li>its state is created eagerly (the same paths before and after steps) and round-trips through a
 *       state file bit for bit: save, load, continue equals the uninterrupted run, parameters and state;
 *       when it has a spec, the file also rebuilds the optimizer from that spec;</li>
 *   <li>its hyperparameters take schedules: a schedule that returns the constant gives the same bits as
 *       the constant, a schedule that changes at step 3 changes the trajectory only from then on, and
 *       {@code hyperparams(state)} reports the scheduled value;</li>
 *   <li>a fixed seed is deterministic: two runs give the same bits;</li>
 *   <li>the fused kernel equals the composed reference (bitwise unless the row allows a tolerance), and
 *       {@code step} equals {@code update} followed by {@code apply};</li>
 *   <li>{@code step} marks every parameter it changes in place ({@code Tensor.markModified}), so a graph
 *       recorded before the step is refused instead of giving a gradient at a point that no longer exists.</li>
 * </ol>
 *
 * To add rows, write a class {@code XxxContractTest extends OptimizerContract} in this package's tests.
 */
public abstract class OptimizerContract {

    /** The rows. */
    protected abstract List<OptimizerCase> cases();

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicNode> contract() {
        return cases().stream().map(c -> {
            List<DynamicNode> checks = new ArrayList<>();
            checks.add(dynamicTest("descends on a quadratic", () -> descends(c, TestProblems.quadratic(11),
                    c.quadraticSteps(), c.quadraticFactor())));
            checks.add(dynamicTest("descends on Rosenbrock", () -> descends(c, TestProblems.rosenbrock(),
                    c.rosenbrockSteps(), c.rosenbrockFactor())));
            checks.add(dynamicTest("state is eager and round-trips bit-identically", () -> roundTrips(c)));
            checks.add(dynamicTest("hyperparameters take schedules", () -> takesSchedules(c)));
            checks.add(dynamicTest("a fixed seed is deterministic", () -> deterministic(c)));
            if (c.reference() != null) {
                checks.add(dynamicTest("fused kernel equals the composed reference", () -> matchesReference(c)));
            }
            checks.add(dynamicTest("step equals update then apply", () -> stepIsUpdateThenApply(c)));
            checks.add(dynamicTest("step marks the parameters it changes", () -> marksChangedParameters(c)));
            return dynamicContainer(c.name(), checks);
        });
    }

    private static void descends(OptimizerCase c, TestProblems.Problem problem, int steps, double factor) {
        TensorMap p = problem.params();
        OptState s = c.optimizer().init(p);
        double start = problem.loss(p);
        Runs.run(c.optimizer(), problem, p, s, steps);
        double end = problem.loss(p);
        assertThat(end).as("%s on %s: loss after %d steps (start %s)", c.name(), problem.name(), steps, start)
                .isLessThanOrEqualTo(factor * start);
    }

    private void roundTrips(OptimizerCase c) throws IOException {
        GradientTransformation opt = c.optimizer();
        TestProblems.Problem problem = TestProblems.quadratic(23);
        TensorMap p1 = problem.params();
        OptState s1 = opt.init(p1);
        List<String> eager = StateTree.paths(s1);
        Runs.run(opt, problem, p1, s1, 7);
        assertThat(StateTree.paths(s1)).as("state paths after 7 steps equal those made by init").isEqualTo(eager);

        Path file = Files.createTempFile(tmp, "state", ".safetensors");
        StateFile.save(file, opt, s1);
        TensorMap p2 = p1.copy();
        OptState s2 = StateFile.load(file, opt, p2);
        Runs.assertSameState("loaded state", s1, s2);

        Runs.run(opt, problem, p1, s1, 8);
        Runs.run(opt, problem, p2, s2, 8);
        Runs.assertSameBits("parameters after save, load, continue", p1, p2);
        Runs.assertSameState("state after save, load, continue", s1, s2);

        if (Specs.printable(opt)) {
            StateFile.Loaded loaded = StateFile.load(file, p1.copy());
            assertThat(Specs.print(loaded.transformation())).isEqualTo(Specs.print(opt));
        }
    }

    private static void takesSchedules(OptimizerCase c) {
        if (c.withSchedule() == null) {
            fail("%s declares no schedulable hyperparameter; every optimizer takes schedules "
                    + "(give the row one with OptimizerCase.schedule)", c.name());
        }
        double base = c.scheduledBase();
        TestProblems.Problem problem = TestProblems.quadratic(31);

        GradientTransformation constant = c.optimizer();
        Schedule same = step -> base; // a lambda: not the constant class, same values
        GradientTransformation lambda = c.withSchedule().apply(same);
        TensorMap pc = problem.params();
        OptState sc = constant.init(pc);
        TensorMap pl = problem.params();
        OptState sl = lambda.init(pl);
        Runs.run(constant, problem, pc, sc, 10);
        Runs.run(lambda, problem, pl, sl, 10);
        Runs.assertSameBits("a schedule returning the constant", pc, pl);

        Schedule changing = step -> step < 3 ? base : 0.5 * base;
        GradientTransformation scheduled = c.withSchedule().apply(changing);
        TensorMap ps = problem.params();
        OptState ss = scheduled.init(ps);
        assertThat(scheduled.hyperparams(ss)).as("hyperparams at init").containsEntry(c.scheduledName(), base);
        TensorMap pr = problem.params();
        OptState sr = constant.init(pr);
        Runs.run(scheduled, problem, ps, ss, 3);
        Runs.run(constant, problem, pr, sr, 3);
        Runs.assertSameBits("the first 3 steps, before the schedule changes", pr, ps);
        Runs.run(scheduled, problem, ps, ss, 7);
        Runs.run(constant, problem, pr, sr, 7);
        boolean differs = false;
        for (String n : pr.names()) {
            differs |= !java.util.Arrays.equals(pr.get(n).data(), ps.get(n).data());
        }
        assertThat(differs).as("a schedule that halves %s from step 3 changes the trajectory", c.scheduledName()).isTrue();
        assertThat(scheduled.hyperparams(ss)).as("hyperparams after 10 steps").containsEntry(c.scheduledName(),
                0.5 * base);
    }

    private static void deterministic(OptimizerCase c) {
        TestProblems.Problem problem = TestProblems.quadratic(47);
        TensorMap p1 = problem.params();
        OptState s1 = c.optimizer().init(p1);
        TensorMap p2 = problem.params();
        OptState s2 = c.optimizer().init(p2);
        Runs.run(c.optimizer(), problem, p1, s1, 20);
        Runs.run(c.optimizer(), problem, p2, s2, 20);
        Runs.assertSameBits("two runs with the same seed", p1, p2);
        Runs.assertSameState("two runs with the same seed", s1, s2);
    }

    private static void matchesReference(OptimizerCase c) {
        TestProblems.Problem problem = TestProblems.quadratic(59);
        TensorMap pf = problem.params();
        OptState sf = c.optimizer().init(pf);
        TensorMap pr = problem.params();
        OptState sr = c.reference().init(pr);
        for (int k = 0; k < 25; k++) {
            Runs.step(c.optimizer(), problem, pf, sf);
            Runs.step(c.reference(), problem, pr, sr);
        }
        if (c.referenceRelTol() == 0) {
            Runs.assertSameBits("fused against composed reference after 25 steps", pr, pf);
        } else {
            Runs.assertClose("fused against composed reference after 25 steps", pr, pf, c.referenceRelTol());
        }
    }

    private static void stepIsUpdateThenApply(OptimizerCase c) {
        TestProblems.Problem problem = TestProblems.quadratic(61);
        GradientTransformation opt = c.optimizer();
        TensorMap p1 = problem.params();
        OptState s1 = opt.init(p1);
        TensorMap p2 = problem.params();
        OptState s2 = opt.init(p2);
        for (int k = 0; k < 12; k++) {
            Runs.step(opt, problem, p1, s1);
            TensorMap g = p2.zerosLike();
            double loss = problem.objective().evaluate(p2, g);
            opt.update(g, s2, p2, Runs.context(problem, s2, loss));
            GradientTransformation.apply(p2, g);
        }
        if (c.stepRelTol() == 0) {
            Runs.assertSameBits("step against update then apply", p2, p1);
            Runs.assertSameState("step against update then apply", s2, s1);
        } else {
            Runs.assertClose("step against update then apply", p2, p1, c.stepRelTol());
        }
    }

    private static void marksChangedParameters(OptimizerCase c) {
        TestProblems.Problem problem = TestProblems.quadratic(67);
        GradientTransformation opt = c.optimizer();
        TensorMap p = problem.params();
        OptState s = opt.init(p);
        boolean changedAny = false;
        for (int k = 0; k < 12; k++) {
            TensorMap before = p.copy();
            java.util.Map<String, Integer> versions = new java.util.LinkedHashMap<>();
            p.forEach((n, t) -> versions.put(n, t.version()));
            Runs.step(opt, problem, p, s);
            for (String n : p.names()) {
                boolean changed = !java.util.Arrays.equals(before.get(n).data(), p.get(n).data());
                changedAny |= changed;
                if (changed) {
                    assertThat(p.get(n).version()).as("%s, step %d: version of '%s', whose values the step changed",
                            c.name(), k, n).isGreaterThan(versions.get(n));
                }
            }
        }
        assertThat(changedAny).as("%s changes some parameter in 12 steps", c.name()).isTrue();
    }
}
