package dev.gradus.optim.optimizer;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.Fluent;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.KernelOptimizer;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.combine.NameGlobs;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import dev.gradus.optim.state.StateTree;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * FRUGAL: a state-full optimizer in a low-dimensional subspace of each projectable weight, and a
 * state-free rule (signSGD or SGD) on the rest of its gradient, so the update stays full rank while the
 * optimizer memory is that of the subspace.
 *
 * <p>Reference: P. Zmushko, A. Beznosikov, M. Takáč, S. Horváth, "FRUGAL: Memory-Efficient Optimization by
 * Reducing State Overhead for Scalable Training", 2024. The official repository was not located; the
 * code-level details follow the fork {@code hungquangbui02022003/FRUGAL} ({@code
 * frugal/proj_optimizer_templates.py}, {@code galore_projector.py}, {@code adamw.py}) and are
 * unconfirmed against an official release.
 *
 * <p>Per step, with G the gradient of a projectable m×n weight W (first dimension by the rest), D the
 * inner transform's direction, s = {@code proj_params_lr_scale} and a = {@code inactive_lr_scale}:
 * <pre>
 *   every update_gap steps (from step 0): choose a new subspace (see FrugalProjection) and, with
 *       reset_statistics (always for block), reset the inner state of the projected part (moments and
 *       step count, so bias correction restarts)
 *   G_low  = Proj(G)                                   e.g. G Pᵀ for the SVD projector (m ≥ n)
 *   G_free = G − Lift(G_low)                           the residual (orthogonal complement for SVD)
 *   D      = inner(G_low) in the subspace, the inner seeing Proj(W) as its parameters
 *   W ← W − lr · (s · Lift(D) + s · a · S(G_free) + weight_decay · W)     S = sign | identity | 0
 * </pre>
 * Regular (non-projectable) parameters get the inner transform on their full gradient:
 * {@code W ← W − lr · (D + weight_decay · W)}. The decay is decoupled and acts on every parameter.
 *
 * <p>{@code inner} is a direction-making building block, not an optimizer: its output is multiplied by
 * −lr here, so that one learning rate (and its schedule, read at FRUGAL's own step count) drives both
 * parts and the schedule does not restart when the subspace state is reset. The default is
 * {@code scale_by_adam()} (β = (0.9, 0.999), eps 1e-8, bias-corrected: the fork's AdamW); SGDM, the
 * theory's choice, is {@code trace(decay=0.9)}. An optimizer such as {@code adam(...)} is refused.
 *
 * <p>Projectors ({@code proj_type}): {@code "svd"} (GaLore: top singular vectors of the current
 * gradient, right side when m ≥ n, r = round(n·density), else left, r = round(m·density)),
 * {@code "random"} (a random semi-orthogonal matrix, same sides and ranks), {@code "coordinate"} (random
 * {@code coord_choice} = "columns", "rows" or "randk" entries) and {@code "block"} (BAdam-like:
 * round(#projectable · density) whole tensors active in the state-full optimizer, chosen in
 * {@code block_order} "random", "ascending", "descending" or "mirror" (ascending then descending); the
 * others get the state-free rule). Which tensors are projectable: {@code proj_params} globs (as in
 * {@code masked}), by default every tensor of rank ≥ 2.
 *
 * <p>Defaults: {@code lr=1e-3, density=0.25, update_gap=200, proj_type="svd", coord_choice="columns"}
 * (code default; the README says randk), {@code block_order="random", inactive_update_rule="sign_sgd",
 * inactive_lr_scale=1.0} (0.1 for fine-tuning per the paper), {@code proj_params_lr_scale=1.0,
 * reset_statistics=true, weight_decay=0.01} (the fork's AdamW), {@code seed=0}. GaLore is
 * {@code inactive_update_rule="no", reset_statistics=false}. Edge cases: density 0 sends every
 * projectable weight to the state-free rule, density 1 to the inner optimizer alone (the residual is then
 * exactly zero instead of rounding noise, which the sign rule would blow up to ±lr).
 *
 * <p>State: FRUGAL's step count, the inner state for the regular parameters, the inner state for the
 * projected parameters (with their low-dimensional shapes), the projector of every projectable tensor
 * (P or Q, the sorted indices, or the block flag) and the seeded random stream that draws them, so save,
 * load and continue reproduce an uninterrupted run. Block mode runs the inner transform on one vector that holds
 * the active tensors end to end, sized for the largest set of tensors that can be active together (the k largest
 * for random order, the largest group for the fixed orders), so its state is about density × the full state
 * and its structure does not change when the active tensors do (a checkpoint taken after a switch loads into
 * the structure {@code init} creates). The inner transform therefore sees the active block as one tensor: the
 * same as per tensor for element-wise inner transforms such as {@code scale_by_adam()} and {@code trace()}.
 *
 * <p>There is no composition of building blocks for FRUGAL; the tests compare it with a straightforward
 * dense reimplementation (explicit projection matrices, eigenvectors of GᵀG instead of the SVD).
 */
public final class Frugal extends KernelOptimizer<Frugal> implements Fluent.Lr<Frugal>, Fluent.Density<Frugal>,
        Fluent.UpdateGap<Frugal>, Fluent.ProjType<Frugal>, Fluent.InactiveUpdateRule<Frugal>, Fluent.WeightDecay<Frugal>,
        Fluent.ResetStatistics<Frugal>, Fluent.ProjParams<Frugal> {

    /** Spec: {@code frugal(scale_by_adam(), lr=0.001, density=0.25, update_gap=200, ...)}. */
    public static final Descriptor<Frugal> SPEC = Descriptor.builder("frugal", Descriptor.Kind.WRAPPER, Frugal::new)
            .summary("state-full optimizer in a subspace (SVD, random, coordinate or block), signSGD on the rest")
            .reference("Zmushko et al., 2024; fork hungquangbui02022003/FRUGAL")
            .param(Param.transform("inner", "the state-full direction in the subspace, e.g. scale_by_adam()"))
            .param(Param.scalar("lr", 1e-3, "learning rate of both parts").range(Range.atLeast(0)))
            .param(Param.number("density", 0.25, "fraction of each projectable tensor in the subspace")
                    .range(Range.closed(0, 1)))
            .param(Param.integer("update_gap", 200L, "steps between subspace refreshes").range(Range.atLeast(1)))
            .param(Param.choice("proj_type", "svd", List.of("svd", "random", "coordinate", "block"),
                    "how the subspace is chosen"))
            .param(Param.choice("coord_choice", "columns", List.of("columns", "rows", "randk"),
                    "coordinate projector: random columns, rows or entries"))
            .param(Param.choice("block_order", "random", List.of("random", "ascending", "descending", "mirror"),
                    "block projector: order in which tensors become active"))
            .param(Param.choice("inactive_update_rule", "sign_sgd", List.of("sign_sgd", "sgd", "no"),
                    "the state-free rule on the residual"))
            .param(Param.scalar("inactive_lr_scale", 1.0, "lr factor of the state-free rule").range(Range.atLeast(0)))
            .param(Param.scalar("proj_params_lr_scale", 1.0, "lr factor of projectable tensors")
                    .range(Range.atLeast(0)))
            .param(Param.flag("reset_statistics", true, "reset the subspace state at each refresh"))
            .param(Param.scalar("weight_decay", 0.01, "decoupled decay of every parameter").range(Range.atLeast(0)))
            .param(Param.tuple("proj_params", ParamType.STRINGS, List.of(),
                    "globs of projectable tensors; empty: every tensor of rank >= 2"))
            .param(Param.integer("seed", 0L, "seed of the projector randomness"))
            .build();

    /**
     * FRUGAL state: the step count; {@code regular}, the inner state of the regular parameters;
     * {@code projected}, the inner state of the low-dimensional parts; {@code projector}, per projectable
     * tensor; {@code rng}, the stream the projectors are drawn from.
     */
    public record State(Counter count, OptState regular, OptState projected, TensorMap projector, RandomStream rng)
            implements Counted {}

    private final int freeRule; // 0 sign, 1 identity, 2 none

    /** From validated hyperparameters; use {@code Optimizers.frugal()}. */
    public Frugal(Hyperparams hp) {
        super(hp);
        if (inner() instanceof Configurable<?> c && c.descriptor().kind() == Descriptor.Kind.OPTIMIZER) {
            throw new IllegalArgumentException("frugal: inner must be a direction-making building block such as "
                    + "scale_by_adam() or trace(decay=0.9), not the optimizer " + c.descriptor().name()
                    + "(...): frugal itself scales by -lr");
        }
        if (!inner().requirements().isEmpty()) {
            Requirement r = inner().requirements().get(0);
            throw new IllegalArgumentException("frugal: inner " + r.by() + " needs " + r.capability().description()
                    + ", but frugal runs its inner transform on projected gradients, where there is no objective");
        }
        this.freeRule = switch (hp.string("inactive_update_rule")) {
            case "sign_sgd" -> 0;
            case "sgd" -> 1;
            default -> 2;
        };
    }

    /** The inner transform. */
    public GradientTransformation inner() {
        return hp.transform("inner");
    }

    private boolean block() {
        return hp.string("proj_type").equals("block");
    }

    /** The projection of every projectable tensor, by name, in parameter order. */
    private Map<String, FrugalProjection> layouts(TensorMap params) {
        List<String> globs = hp.strings("proj_params");
        Predicate<String> selected = globs.isEmpty() ? null : new NameGlobs(globs);
        Map<String, FrugalProjection> out = new LinkedHashMap<>();
        params.forEach((name, p) -> {
            boolean projectable = selected == null ? p.rank() >= 2 : selected.test(name);
            if (!projectable) {
                return;
            }
            if (p.rank() < 2 && !block()) {
                throw new IllegalArgumentException("frugal: '" + name + "' has shape " + Arrays.toString(p.shape())
                        + "; proj_type=\"" + hp.string("proj_type") + "\" projects matrices only (rank >= 2)");
            }
            out.put(name, FrugalProjection.of(hp.string("proj_type"), hp.string("coord_choice"), p.shape(),
                    hp.number("density")));
        });
        return out;
    }

    private static TensorMap subset(TensorMap m, Map<String, FrugalProjection> exclude) {
        TensorMap out = new TensorMap();
        m.forEach((name, t) -> {
            if (!exclude.containsKey(name)) {
                out.put(name, t);
            }
        });
        return out;
    }

    /** Block mode's inner parameters: the active tensors laid end to end in one vector of this name. */
    private static final String ACTIVE = "active";

    private TensorMap lowZeros(Map<String, FrugalProjection> layouts) {
        TensorMap out = new TensorMap();
        if (block()) {
            out.put(ACTIVE, Tensor.zeros(blockCapacity(layouts)));
            return out;
        }
        layouts.forEach((name, l) -> out.put(name, Tensor.zeros(l.lowShape())));
        return out;
    }

    /**
     * The most elements the active tensors can hold together: the sum of the k largest (random order), or of
     * the largest group of k consecutive tensors (the fixed orders). Block mode's inner state has this size, so
     * its structure does not change when the active tensors do.
     */
    private int blockCapacity(Map<String, FrugalProjection> layouts) {
        int count = layouts.size();
        int k = FrugalProjection.round(count * hp.number("density"));
        int[] sizes = new int[count];
        int i = 0;
        for (FrugalProjection l : layouts.values()) {
            sizes[i++] = l.m * l.n;
        }
        long best = 0;
        if (k > 0 && hp.string("block_order").equals("random")) {
            int[] sorted = sizes.clone();
            Arrays.sort(sorted);
            for (int j = count - k; j < count; j++) {
                best += sorted[j];
            }
        } else if (k > 0) {
            for (int from = 0; from < count; from += k) {
                long sum = 0;
                for (int j = from; j < Math.min(count, from + k); j++) {
                    sum += sizes[j];
                }
                best = Math.max(best, sum);
            }
        }
        return Math.toIntExact(best);
    }

    @Override
    public State init(TensorMap params) {
        Map<String, FrugalProjection> layouts = layouts(params);
        TensorMap projector = new TensorMap();
        layouts.forEach((name, l) -> projector.put(name, Tensor.zeros(l.projectorShape())));
        return new State(new Counter(), inner().init(subset(params, layouts)), inner().init(lowZeros(layouts)),
                projector, RandomStream.of(hp.integer("seed")));
    }

    @Override
    protected void kernel(TensorMap params, TensorMap grads, OptState state, StepContext ctx, boolean apply) {
        State s = (State) state;
        long k = s.count().get();
        double negLr = -at("lr", k);
        double scale = at("proj_params_lr_scale", k);
        double freeScale = scale * at("inactive_lr_scale", k);
        double wd = at("weight_decay", k);
        Map<String, FrugalProjection> layouts = layouts(params);

        long gap = hp.integer("update_gap");
        if (k % gap == 0) {
            refresh(layouts, grads, s, k / gap);
        }

        // Regular parameters: the inner direction on the full gradient.
        TensorMap regGrads = subset(grads, layouts);
        if (regGrads.size() > 0) {
            inner().update(regGrads, s.regular(), subset(params, layouts), StepContext.none());
            for (String name : regGrads.names()) {
                double[] p = params.get(name).data();
                double[] d = regGrads.get(name).data();
                for (int j = 0; j < p.length; j++) {
                    double u = negLr * (d[j] + wd * p[j]);
                    if (apply) {
                        p[j] = p[j] + u;
                    } else {
                        d[j] = u;
                    }
                }
            }
        }
        if (layouts.isEmpty()) {
            s.count().increment();
            return;
        }

        // Projectable parameters: split, run the inner in the subspace, lift and add the free part.
        TensorMap lowGrads = new TensorMap();
        TensorMap lowParams = new TensorMap();
        if (block()) {
            gatherActive(layouts, params, grads, s, lowGrads, lowParams);
        } else {
            layouts.forEach((name, l) -> {
                double[] proj = s.projector().get(name).data();
                double[] g = grads.get(name).data();
                Tensor lowG = Tensor.zeros(l.lowShape());
                Tensor lowP = Tensor.zeros(l.lowShape());
                l.project(proj, g, lowG.data());
                l.project(proj, params.get(name).data(), lowP.data());
                l.removeProjected(proj, g, lowG.data()); // g now holds the residual G_free
                lowGrads.put(name, lowG);
                lowParams.put(name, lowP);
            });
        }
        inner().update(lowGrads, s.projected(), lowParams, StepContext.none());
        double[] lifted = null;
        int offset = 0; // block mode: where the next active tensor's direction starts in the inner vector
        for (Map.Entry<String, FrugalProjection> e : layouts.entrySet()) {
            String name = e.getKey();
            FrugalProjection l = e.getValue();
            double[] p = params.get(name).data();
            double[] free = grads.get(name).data();
            if (lifted == null || lifted.length < p.length) {
                lifted = new double[p.length];
            }
            if (!block()) {
                l.lift(s.projector().get(name).data(), lowGrads.get(name).data(), lifted);
            } else if (s.projector().get(name).data()[0] != 0) {
                System.arraycopy(lowGrads.get(ACTIVE).data(), offset, lifted, 0, p.length);
                offset += p.length;
            } else {
                Arrays.fill(lifted, 0, p.length, 0.0);
            }
            for (int j = 0; j < p.length; j++) {
                double f = switch (freeRule) {
                    case 0 -> Math.signum(free[j]);
                    case 1 -> free[j];
                    default -> 0.0;
                };
                double u = negLr * (scale * lifted[j] + freeScale * f + wd * p[j]);
                if (apply) {
                    p[j] = p[j] + u;
                } else {
                    free[j] = u;
                }
            }
        }
        s.count().increment();
    }

    /**
     * Block mode: the active tensors' gradients and weights laid end to end (zeros after them) as the inner
     * transform's one parameter; their residual is zero, and the inactive tensors keep all of theirs.
     */
    private void gatherActive(Map<String, FrugalProjection> layouts, TensorMap params, TensorMap grads, State s,
            TensorMap lowGrads, TensorMap lowParams) {
        int capacity = blockCapacity(layouts);
        Tensor lowG = Tensor.zeros(capacity);
        Tensor lowP = Tensor.zeros(capacity);
        int offset = 0;
        for (String name : layouts.keySet()) {
            if (s.projector().get(name).data()[0] == 0) {
                continue;
            }
            double[] g = grads.get(name).data();
            System.arraycopy(g, 0, lowG.data(), offset, g.length);
            System.arraycopy(params.get(name).data(), 0, lowP.data(), offset, g.length);
            Arrays.fill(g, 0.0);
            offset += g.length;
        }
        lowGrads.put(ACTIVE, lowG);
        lowParams.put(ACTIVE, lowP);
    }

    /** New subspaces for every projectable tensor, then the reset of the subspace state. */
    private void refresh(Map<String, FrugalProjection> layouts, TensorMap grads, State s, long round) {
        if (block()) {
            List<String> names = new ArrayList<>(layouts.keySet());
            boolean[] active = activeBlocks(names.size(), s.rng(), round);
            for (int i = 0; i < names.size(); i++) {
                s.projector().get(names.get(i)).data()[0] = active[i] ? 1.0 : 0.0;
            }
        } else {
            boolean svd = hp.string("proj_type").equals("svd");
            layouts.forEach((name, l) -> l.refresh(svd, grads.get(name).data(), s.rng(), s.projector().get(name).data(),
                    name));
        }
        if (flag("reset_statistics") || block()) {
            StateTree.restore(s.projected(), inner().init(lowZeros(layouts)));
        }
    }

    /**
     * Which of {@code count} tensors are active in refresh {@code round}: round(count·density) of them,
     * drawn at random, or the next consecutive group in ascending, descending or mirrored order.
     */
    private boolean[] activeBlocks(int count, RandomStream rng, long round) {
        int k = FrugalProjection.round(count * hp.number("density"));
        boolean[] active = new boolean[count];
        if (k == 0) {
            return active;
        }
        if (hp.string("block_order").equals("random")) {
            for (int i : rng.choice(count, k, false)) {
                active[i] = true;
            }
            return active;
        }
        int groups = (count + k - 1) / k;
        int g;
        switch (hp.string("block_order")) {
            case "ascending" -> g = (int) (round % groups);
            case "descending" -> g = groups - 1 - (int) (round % groups);
            default -> { // mirror: 0, 1, ..., G−1, G−1, ..., 0, 0, 1, ...
                int pos = (int) (round % (2L * groups));
                g = pos < groups ? pos : 2 * groups - 1 - pos;
            }
        }
        for (int i = g * k; i < Math.min(count, (g + 1) * k); i++) {
            active[i] = true;
        }
        return active;
    }

    /** FRUGAL's scalar hyperparameters, then the inner transform's (as it runs on the regular parameters) under {@code inner/}. */
    @Override
    public Map<String, Double> hyperparams(OptState state) {
        State s = (State) state;
        return withChild(hp.valuesAt(s.count().get()), "inner", inner(), s.regular());
    }
}
