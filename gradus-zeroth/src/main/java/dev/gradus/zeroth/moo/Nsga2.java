package dev.gradus.zeroth.moo;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.zeroth.AskTell;
import dev.gradus.zeroth.Box;
import dev.gradus.zeroth.IndexSort;
import dev.gradus.zeroth.Progress;
import dev.gradus.zeroth.SearchState;
import java.util.List;

/**
 * NSGA-II (Deb, Pratap, Agarwal, Meyarivan, IEEE TEC 6(2), 2002) behind ask/tell, with the operators of Deb's code
 * and DEAP's NSGA-II example, all objectives minimised:
 * <pre>
 *   P₀ = N uniform points in the box; evaluate; rank and crowd P₀
 *   each generation:
 *     mating:    N parents by binary tournaments with the crowded comparison (lower front, then larger crowding,
 *                tie → the first drawn); the tournaments pair consecutive entries of two random permutations
 *     variation: consecutive parents (2k, 2k+1) cross with probability cxpb (bounded SBX, η_c), then each child
 *                mutates (bounded polynomial, η_m, per-variable probability indpb, default 1/n)
 *     selection: merge P and the N children; fill the next P front by front (fast non-dominated sort); split the
 *                last front by descending crowding distance; keep front index and crowding for the next tournament
 * </pre>
 * Defaults ({@code population=100, cxpb=0.9, eta_c=20, eta_m=20, indpb=1/n}) are those of DEAP's NSGA-II example.
 * Determinism: sorts are stable with index order breaking ties. The state holds the population with its values,
 * front index and crowding, the asked children and the random stream, so a resumed run is the same bits.
 */
public final class Nsga2 extends Configured<Nsga2> implements AskTell<Nsga2.State> {

    /** Spec: {@code nsga2(population=100, cxpb=0.9, eta_c=20, eta_m=20, indpb=0)}. */
    public static final Descriptor<Nsga2> SPEC = Descriptor.component("nsga2", "dfo", Nsga2::new)
            .summary("NSGA-II: non-dominated sorting, crowding distance, SBX and polynomial mutation")
            .reference("Deb et al., IEEE TEC 2002; DEAP examples/ga/nsga2.py")
            .param(Param.integer("population", 100L, "population size N (even)").range(Range.atLeast(4)))
            .param(Param.number("cxpb", 0.9, "crossover probability of a pair").range(Range.closed(0, 1)))
            .param(Param.number("eta_c", 20.0, "SBX distribution index").range(Range.atLeast(0)))
            .param(Param.number("eta_m", 20.0, "polynomial mutation distribution index").range(Range.atLeast(0)))
            .param(Param.number("indpb", 0.0, "per-variable mutation probability; 0 means 1/n")
                    .range(Range.closed(0, 1)))
            .build();

    /**
     * NSGA-II's state.
     *
     * @param population the current population [N, d]
     * @param values its values [N, m]
     * @param front its front index (0 is the non-dominated front) [N]
     * @param crowding its crowding distance [N]
     * @param children the asked batch [N, d] (the initial population before the first tell)
     * @param lower the lower bounds of the box [d]
     * @param upper the upper bounds of the box [d]
     * @param random the run's random stream
     * @param progress evaluations and generations
     */
    public record State(Tensor population, Tensor values, Tensor front, Tensor crowding, Tensor children, Tensor lower,
            Tensor upper, RandomStream random, Progress progress) implements SearchState {}

    private final int n;
    private final double cxpb;
    private final double etaC;
    private final double etaM;
    private final double indpb;

    /** From validated settings; use {@code Methods.parse("nsga2(population=100)")}. */
    public Nsga2(Hyperparams hp) {
        super(hp);
        this.n = Math.toIntExact(hp.integer("population"));
        if (n % 2 != 0) {
            throw new IllegalArgumentException("nsga2: population must be even (children come in pairs), got " + n);
        }
        this.cxpb = hp.number("cxpb");
        this.etaC = hp.number("eta_c");
        this.etaM = hp.number("eta_m");
        this.indpb = hp.number("indpb");
    }

    /** NSGA-II with the defaults. */
    public static Nsga2 defaults() {
        return (Nsga2) SPEC.defaults().create();
    }

    /** Sets the population size. */
    public Nsga2 population(int value) {
        return with("population", (long) value);
    }

    @Override
    public int maxObjectives() {
        return Integer.MAX_VALUE;
    }

    @Override
    public State init(Box box, int objectives, long seed) {
        AskTell.checkObjectives("nsga2", objectives, maxObjectives());
        int d = box.dimension();
        RandomStream rng = RandomStream.of(seed);
        Tensor children = Tensor.zeros(n, d);
        double[] c = children.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                c[i * d + j] = rng.uniform(box.lower(j), box.upper(j));
            }
        }
        return new State(Tensor.zeros(n, d), Tensor.zeros(n, objectives), Tensor.zeros(n), Tensor.zeros(n), children,
                Tensor.vector(box.lower()), Tensor.vector(box.upper()), rng, Progress.start(d));
    }

    @Override
    public Tensor ask(State s) {
        s.progress().asked();
        return s.children().copy();
    }

    @Override
    public void tell(State s, Tensor values) {
        int m = s.values().dim(1);
        AskTell.checkTold("nsga2", s.progress(), values, n, m);
        if (values.dim(1) != m) {
            throw new IllegalArgumentException("nsga2.tell: the run has " + m + " objectives, got " + values.dim(1));
        }
        int d = s.population().dim(1);
        if (s.progress().generations().get() == 0) {
            System.arraycopy(s.children().data(), 0, s.population().data(), 0, n * d);
            System.arraycopy(values.data(), 0, s.values().data(), 0, n * m);
            double[] front = s.front().data();
            double[] crowd = s.crowding().data();
            List<int[]> fronts = NonDominatedSort.fronts(s.values());
            for (int r = 0; r < fronts.size(); r++) {
                for (int i : fronts.get(r)) {
                    front[i] = r;
                }
                CrowdingDistance.assign(s.values().data(), m, fronts.get(r), crowd);
            }
        } else {
            select(s, values, d, m);
        }
        s.progress().told(s.children(), values);
        breed(s, d);
        markAll(s);
    }

    /** The current population's non-dominated values ([k, m]), in population order. */
    @Override
    public Tensor front(State s) {
        int m = s.values().dim(1);
        double[] fr = s.front().data();
        int k = 0;
        for (double v : fr) {
            if (v == 0) {
                k++;
            }
        }
        double[] out = new double[k * m];
        int o = 0;
        for (int i = 0; i < fr.length; i++) {
            if (fr[i] == 0) {
                System.arraycopy(s.values().data(), i * m, out, o * m, m);
                o++;
            }
        }
        return Tensor.of(out, k, m);
    }

    /** Environmental selection of N from the population and the told children. */
    private void select(State s, Tensor childValues, int d, int m) {
        int total = 2 * n;
        double[] mx = new double[total * d];
        double[] mf = new double[total * m];
        System.arraycopy(s.population().data(), 0, mx, 0, n * d);
        System.arraycopy(s.children().data(), 0, mx, n * d, n * d);
        System.arraycopy(s.values().data(), 0, mf, 0, n * m);
        System.arraycopy(childValues.data(), 0, mf, n * m, n * m);
        List<int[]> fronts = NonDominatedSort.fronts(mf, total, m);
        double[] crowd = new double[total];
        double[] px = s.population().data();
        double[] pf = s.values().data();
        double[] front = s.front().data();
        double[] pc = s.crowding().data();
        int filled = 0;
        for (int r = 0; r < fronts.size() && filled < n; r++) {
            int[] fr = fronts.get(r);
            CrowdingDistance.assign(mf, m, fr, crowd);
            int take = fr.length;
            if (filled + take > n) {
                take = n - filled;
                IndexSort.sort(fr, fr.length, crowd, 1, 0, true);
            }
            for (int k = 0; k < take; k++) {
                int i = fr[k];
                System.arraycopy(mx, i * d, px, filled * d, d);
                System.arraycopy(mf, i * m, pf, filled * m, m);
                front[filled] = r;
                pc[filled] = crowd[i];
                filled++;
            }
        }
    }

    /** Mating selection and variation: the next children from the current population. */
    private void breed(State s, int d) {
        RandomStream rng = s.random();
        double[] front = s.front().data();
        double[] crowd = s.crowding().data();
        double[] px = s.population().data();
        double[] cx = s.children().data();
        double[] lo = s.lower().data();
        double[] hi = s.upper().data();
        int slot = 0;
        for (int round = 0; round < 2; round++) {
            int[] perm = rng.permutation(n);
            for (int k = 0; k + 1 < n; k += 2) {
                int a = perm[k];
                int b = perm[k + 1];
                int w = better(front, crowd, a, b) ? a : b;
                System.arraycopy(px, w * d, cx, slot * d, d);
                slot++;
            }
        }
        double p = indpb > 0 ? indpb : 1.0 / d;
        for (int k = 0; k + 1 < n; k += 2) {
            if (rng.uniform() <= cxpb) {
                SimulatedBinaryCrossover.cross(cx, d, k, k + 1, etaC, lo, hi, rng);
            }
            PolynomialMutation.mutate(cx, d, k, etaM, p, lo, hi, rng);
            PolynomialMutation.mutate(cx, d, k + 1, etaM, p, lo, hi, rng);
        }
    }

    /** The crowded comparison: lower front wins, then larger crowding; a tie goes to {@code a}. */
    private static boolean better(double[] front, double[] crowd, int a, int b) {
        if (front[a] != front[b]) {
            return front[a] < front[b];
        }
        return crowd[a] >= crowd[b];
    }

    private static void markAll(State s) {
        s.population().markModified();
        s.values().markModified();
        s.front().markModified();
        s.crowding().markModified();
        s.children().markModified();
    }
}
