package dev.gradus.optim;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The {@link StepContext} that {@link StepContext.Builder} builds, and its child and restricted views. */
final class SimpleStepContext implements StepContext {
    static final SimpleStepContext NONE = new SimpleStepContext(new StepContext.Builder(),
            EnumSet.noneOf(Capability.class));

    private final Set<Capability> capabilities;
    private final double loss;
    private final LossFunction lossFunction;
    private final Objective objective;
    private final HessianVectorProduct hvp;
    private final Supplier<PerSample> perSample;
    private final RandomStream root;
    private final String path;
    private final int worker;
    private final int workers;
    private RandomStream stream;

    SimpleStepContext(StepContext.Builder b, EnumSet<Capability> caps) {
        this(Collections.unmodifiableSet(caps), b.loss,
                b.lossFunction != null ? b.lossFunction
                        : b.objective != null ? at -> b.objective.evaluate(at, at.zerosLike()) : null,
                b.objective, b.hvp, b.perSample == null ? null : memoize(b.perSample), b.random, "", b.worker,
                b.workers);
    }

    private SimpleStepContext(Set<Capability> capabilities, double loss, LossFunction lossFunction,
            Objective objective, HessianVectorProduct hvp, Supplier<PerSample> perSample, RandomStream root,
            String path, int worker, int workers) {
        this.capabilities = capabilities;
        this.loss = loss;
        this.lossFunction = lossFunction;
        this.objective = objective;
        this.hvp = hvp;
        this.perSample = perSample;
        this.root = root;
        this.path = path;
        this.worker = worker;
        this.workers = workers;
    }

    private static Supplier<PerSample> memoize(Supplier<PerSample> f) {
        return new Supplier<>() {
            private PerSample value;
            private boolean done;

            @Override
            public PerSample get() {
                if (!done) {
                    value = f.get();
                    done = true;
                }
                return value;
            }
        };
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public double loss() {
        return loss;
    }

    private MissingCapabilityException missing(Capability c) {
        return new MissingCapabilityException("this step offers no " + c.description() + " (" + c
                + "); check the transformation's requirements against the caller's capabilities first "
                + "(Requirement.check), or build the StepContext with it");
    }

    @Override
    public double lossAt(TensorMap at) {
        if (lossFunction == null) {
            throw missing(Capability.LOSS);
        }
        return lossFunction.value(at);
    }

    @Override
    public double gradientAt(TensorMap at, TensorMap grad) {
        if (objective == null) {
            throw missing(Capability.GRADIENT);
        }
        return objective.evaluate(at, grad);
    }

    @Override
    public void hvp(TensorMap at, TensorMap v, TensorMap out) {
        if (hvp == null) {
            throw missing(Capability.HVP);
        }
        hvp.apply(at, v, out);
    }

    @Override
    public PerSample perSample() {
        if (perSample == null) {
            throw missing(Capability.PER_SAMPLE);
        }
        return perSample.get();
    }

    @Override
    public RandomStream random() {
        if (root == null) {
            throw missing(Capability.RANDOM);
        }
        if (stream == null) {
            stream = root.fork(path);
        }
        return stream;
    }

    @Override
    public int worker() {
        return worker;
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public StepContext child(String segment) {
        if (this == NONE) {
            return this;
        }
        return new SimpleStepContext(capabilities, loss, lossFunction, objective, hvp, perSample, root,
                path.isEmpty() ? segment : path + "/" + segment, worker, workers);
    }

    @Override
    public StepContext restrict(Predicate<String> selected, TensorMap full) {
        if (this == NONE) {
            return this;
        }
        LossFunction lf = lossFunction == null ? null : at -> lossFunction.value(merge(at, selected, full));
        Objective obj = objective == null ? null : (at, grad) -> {
            TensorMap g = full.zerosLike();
            double v = objective.evaluate(merge(at, selected, full), g);
            grad.forEach((name, t) -> t.assign(g.get(name)));
            return v;
        };
        HessianVectorProduct h = hvp == null ? null : (at, v, out) -> {
            TensorMap padded = new TensorMap();
            full.forEach((name, t) -> padded.put(name, selected.test(name) ? v.get(name) : Tensor.zeros(t.shape())));
            TensorMap o = full.zerosLike();
            hvp.apply(merge(at, selected, full), padded, o);
            out.forEach((name, t) -> t.assign(o.get(name)));
        };
        Supplier<PerSample> ps = perSample == null ? null
                : memoize(() -> new Restricted(perSample.get(), selected));
        return new SimpleStepContext(capabilities, loss, lf, obj, h, ps, root, path, worker, workers);
    }

    /** {@code full} with the selected entries taken from {@code at}, in {@code full}'s order. */
    private static TensorMap merge(TensorMap at, Predicate<String> selected, TensorMap full) {
        TensorMap out = new TensorMap();
        full.forEach((name, t) -> out.put(name, selected.test(name) ? at.get(name) : t));
        return out;
    }

    /** Per-example gradients of the selected parameters only. */
    private record Restricted(PerSample all, Predicate<String> selected) implements PerSample {
        @Override
        public int size() {
            return all.size();
        }

        @Override
        public Tensor losses() {
            return all.losses();
        }

        @Override
        public TensorMap gradients() {
            return select(all.gradients());
        }

        @Override
        public Map<String, double[]> parameterNorms() {
            Map<String, double[]> out = new LinkedHashMap<>();
            all.parameterNorms().forEach((name, n) -> {
                if (selected.test(name)) {
                    out.put(name, n);
                }
            });
            return out;
        }

        @Override
        public double[] norms() {
            double[] sq = new double[size()];
            for (double[] n : parameterNorms().values()) {
                for (int i = 0; i < sq.length; i++) {
                    sq[i] += n[i] * n[i];
                }
            }
            for (int i = 0; i < sq.length; i++) {
                sq[i] = Math.sqrt(sq[i]);
            }
            return sq;
        }

        @Override
        public TensorMap weightedSum(double[] weights) {
            return select(all.weightedSum(weights));
        }

        private TensorMap select(TensorMap m) {
            TensorMap out = new TensorMap();
            m.forEach((name, t) -> {
                if (selected.test(name)) {
                    out.put(name, t);
                }
            });
            return out;
        }
    }
}
