package dev.gradus.privacy.accounting;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The privacy-random-variable (PRV) accountant of Gopi, Lee &amp; Wutschitz 2021 (Numerical composition of differential
 * privacy, NeurIPS), the default accountant of Opacus 1.6 and, as the PLD accountant, of dp_accounting: the privacy
 * loss of each Poisson-sampled Gaussian step is discretised on a grid, the steps are composed exactly by FFT, and ε
 * is read off the composed distribution with proven error bounds. It is tighter than {@link RdpAccountant} for the
 * same {@link DpEvent}.
 *
 * <p><b>Method.</b> For each phase of {@code T_j} steps at {@code (q_j, σ_j)} and each neighbouring relation (remove
 * and add; ε is the larger of the two, as in dp_accounting's add-or-remove relation):
 * <ol>
 *   <li>truncate the loss {@code Y} to the range where each tail has mass at most {@code δ_err/(8T)}
 *       (T = total steps), and round it to {@code h·Z} with a constant shift that restores its mean
 *       ({@link SampledGaussianPld});</li>
 *   <li>compose: the distribution of the sum of all rounded steps is
 *       {@code IFFT(Π_j FFT(p_j)^{T_j})} on a circular window of length N, a power of two that covers the sum's
 *       range up to a Chernoff tail of {@code δ_err/4} (computed from the exact moment generating functions of
 *       the rounded steps);</li>
 *   <li>bound the error: rounded and true step losses differ by a mean-zero amount in an interval of length h,
 *       so by Hoeffding the true sum exceeds the rounded one by more than
 *       {@code ε_err = h·sqrt(T·log(1/δ_H)/2)} with probability at most {@code δ_H = δ_err/2}. With
 *       {@code δ̃} the hockey-stick curve of the composed grid distribution,
 *       {@code δ_true(ε + ε_err) <= δ̃(ε) + δ_err} and {@code δ_true(ε − ε_err) >= δ̃(ε) − δ_err}, so
 *       {@code ε_upper = ε̃(δ − δ_err) + ε_err} and {@code ε_lower = ε̃(δ + δ_err) − ε_err} bracket the true ε.</li>
 * </ol>
 * The grid spacing is chosen as {@code h = ε_err/sqrt(T·log(1/δ_H)/2)} for the requested {@code epsilonError}; when
 * the window would need more than {@code maxPoints} points, h grows until it fits and the larger ε error is
 * reported (memory stays bounded, the bound gets looser). Floating-point rounding of the FFT (about 1e-16 per point)
 * is outside the proof.
 *
 * <p><b>Defaults</b> (Opacus' {@code PRVAccountant.get_epsilon}): ε error 0.01, δ error δ/1000; at most 2^20 points.
 * ε is clamped at 0 from below. A Gaussian event without sampling is the q = 1 case.
 *
 * <pre>{@code
 * PrvAccountant prv = PrvAccountant.defaults();
 * PrvBound b = prv.bounds(DpEvent.dpSgd(256.0 / 60000, 1.1, 14062), 1e-5);   // b.epsilonUpper() below RDP's 2.5966
 * }</pre>
 */
public final class PrvAccountant implements Accountant {
    /** Opacus' {@code eps_error}. */
    public static final double DEFAULT_EPSILON_ERROR = 0.01;
    /** Opacus' {@code delta_error = delta / 1000}. */
    public static final double DEFAULT_DELTA_ERROR_FRACTION = 1e-3;
    /** The default cap on the FFT length: 2^20 points, about 40 MB of working memory at the peak. */
    public static final int DEFAULT_MAX_POINTS = 1 << 20;

    private final double epsilonError;
    private final double deltaErrorFraction;
    private final int maxPoints;

    private PrvAccountant(double epsilonError, double deltaErrorFraction, int maxPoints) {
        this.epsilonError = epsilonError;
        this.deltaErrorFraction = deltaErrorFraction;
        this.maxPoints = maxPoints;
    }

    /** The accountant with Opacus' defaults. */
    public static PrvAccountant defaults() {
        return new PrvAccountant(DEFAULT_EPSILON_ERROR, DEFAULT_DELTA_ERROR_FRACTION, DEFAULT_MAX_POINTS);
    }

    /**
     * The accountant with the given error budget.
     *
     * @param epsilonError the ε slack, positive (smaller: a finer grid)
     * @param deltaErrorFraction the share of δ spent on error terms, in (0, 1)
     * @param maxPoints the largest FFT length, a power of two of at least 2^8
     * @throws IllegalArgumentException for a value out of range, naming it
     */
    public static PrvAccountant of(double epsilonError, double deltaErrorFraction, int maxPoints) {
        if (!(epsilonError > 0) || Double.isInfinite(epsilonError)) {
            throw new IllegalArgumentException("PRV accountant: epsilon error " + epsilonError
                    + " must be positive and finite");
        }
        if (!(deltaErrorFraction > 0 && deltaErrorFraction < 1)) {
            throw new IllegalArgumentException("PRV accountant: delta error fraction " + deltaErrorFraction
                    + " is outside (0, 1)");
        }
        if (maxPoints < 256 || Integer.bitCount(maxPoints) != 1 || maxPoints > (1 << 26)) {
            throw new IllegalArgumentException("PRV accountant: max points " + maxPoints
                    + " must be a power of two between 2^8 and 2^26");
        }
        return new PrvAccountant(epsilonError, deltaErrorFraction, maxPoints);
    }

    /** The requested ε error. */
    public double epsilonError() {
        return epsilonError;
    }

    @Override
    public PrivacyBound epsilon(DpEvent event, double delta) {
        PrvBound b = bounds(event, delta);
        return new PrivacyBound(b.epsilonUpper(), delta, Double.NaN, false, null);
    }

    /**
     * The bracket {@code [ε_lower, ε_upper]} of the event's ε at {@code delta}, with the error terms.
     *
     * @throws IllegalArgumentException when delta is outside (0, 1) or the event holds a mechanism other than the
     *     (Poisson-sampled) Gaussian
     */
    public PrvBound bounds(DpEvent event, double delta) {
        Accountant.checkDelta(delta);
        List<double[]> phases = phases(event);
        if (phases.isEmpty()) {
            return new PrvBound(0, 0, 0, delta, 0, 0, 0, 0, "none");
        }
        for (double[] ph : phases) {
            if (ph[1] == 0) {
                double inf = Double.POSITIVE_INFINITY;
                return new PrvBound(inf, inf, inf, delta, 0, 0, 0, 0, "no noise");
            }
        }
        double deltaError = deltaErrorFraction * delta;
        PrvBound best = null;
        for (SampledGaussianPld.Relation r : SampledGaussianPld.Relation.values()) {
            Composition c = compose(phases, r, deltaError);
            double upper = c.pld.epsilon(delta - c.badMass) + c.epsilonError;
            double estimate = c.pld.epsilon(delta);
            double lower = Math.max(0, c.pld.epsilon(delta + c.badMass) - c.epsilonError);
            if (best == null || upper > best.epsilonUpper()) {
                best = new PrvBound(best == null ? lower : Math.max(lower, best.epsilonLower()), estimate, upper, delta,
                        c.epsilonError, c.badMass, c.h, c.points, r.name().toLowerCase(Locale.ROOT));
            } else {
                best = new PrvBound(Math.max(lower, best.epsilonLower()), best.epsilonEstimate(), best.epsilonUpper(),
                        delta, best.epsilonError(), best.deltaError(), best.gridStep(), best.points(), best.relation());
            }
        }
        return best;
    }

    /**
     * An upper bound on the event's δ at {@code epsilon}: {@code max over relations of δ̃(ε − ε_err) + δ_err}, with
     * {@code deltaError} the mass spent on the error terms.
     *
     * @throws IllegalArgumentException for a negative or NaN ε, a δ error outside (0, 1), or an unsupported event
     */
    public double delta(DpEvent event, double epsilon, double deltaError) {
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("PRV accountant: epsilon " + epsilon + " must be at least 0");
        }
        if (!(deltaError > 0 && deltaError < 1)) {
            throw new IllegalArgumentException("PRV accountant: delta error " + deltaError + " is outside (0, 1)");
        }
        List<double[]> phases = phases(event);
        if (phases.isEmpty()) {
            return 0;
        }
        for (double[] ph : phases) {
            if (ph[1] == 0) {
                return 1;
            }
        }
        double worst = 0;
        for (SampledGaussianPld.Relation r : SampledGaussianPld.Relation.values()) {
            Composition c = compose(phases, r, deltaError);
            worst = Math.max(worst, Math.min(1, c.pld.delta(Math.max(0, epsilon - c.epsilonError)) + c.badMass));
        }
        return worst;
    }

    /** An upper bound on δ at {@code epsilon} with a δ error of 1e-12. */
    public double delta(DpEvent event, double epsilon) {
        return delta(event, epsilon, 1e-12);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "prv(eps_error=%s, delta_error=%s*delta, max_points=%d)", epsilonError,
                deltaErrorFraction, maxPoints);
    }

    /** The event as phases {q, σ, steps} with q &gt; 0 and steps &gt; 0; consecutive equal phases merged. */
    static List<double[]> phases(DpEvent event) {
        List<double[]> out = new ArrayList<>();
        collect(event, 1, out);
        return out;
    }

    private static void collect(DpEvent event, double count, List<double[]> out) {
        switch (event) {
            case DpEvent.Gaussian g -> add(out, 1, g.noiseMultiplier(), count);
            case DpEvent.PoissonSampled p -> {
                if (!(p.event() instanceof DpEvent.Gaussian g)) {
                    throw new IllegalArgumentException("PRV accountant: a Poisson-sampled " + p.event()
                            + " is not supported; only the Poisson-sampled Gaussian mechanism is");
                }
                add(out, p.rate(), g.noiseMultiplier(), count);
            }
            case DpEvent.SelfComposed s -> collect(s.event(), count * s.count(), out);
            case DpEvent.Composed c -> {
                for (DpEvent e : c.events()) {
                    collect(e, count, out);
                }
            }
        }
    }

    private static void add(List<double[]> out, double q, double sigma, double count) {
        if (q == 0 || count == 0) {
            return;
        }
        for (double[] ph : out) {
            if (ph[0] == q && ph[1] == sigma) {
                ph[2] += count;
                return;
            }
        }
        out.add(new double[] {q, sigma, count});
    }

    /** A composed grid distribution with its error terms. */
    private record Composition(ComposedPld pld, double h, double epsilonError, double badMass, int points) {}

    private Composition compose(List<double[]> phases, SampledGaussianPld.Relation relation, double deltaError) {
        double total = 0;
        for (double[] ph : phases) {
            total += ph[2];
        }
        double hoeffdingMass = deltaError / 2;
        double stepTail = deltaError / (4 * total);
        double windowMass = deltaError / 4;
        double slack = Math.sqrt(total * Math.log(1 / hoeffdingMass) / 2);
        double h = epsilonError / slack;
        for (int attempt = 0; attempt < 12; attempt++) {
            long widest = 0;
            for (double[] ph : phases) {
                widest = Math.max(widest, SampledGaussianPld.width(ph[0], ph[1], relation, h, stepTail));
            }
            if (widest > maxPoints) {
                h *= 1.05 * widest / maxPoints;
                continue;
            }
            SampledGaussianPld[] steps = new SampledGaussianPld[phases.size()];
            double truncated = 0;
            double shift = 0;
            for (int j = 0; j < steps.length; j++) {
                double[] ph = phases.get(j);
                steps[j] = SampledGaussianPld.discretise(ph[0], ph[1], relation, h, stepTail);
                truncated += ph[2] * steps[j].truncatedMass;
                shift += ph[2] * steps[j].shift;
            }
            double[] window = window(steps, phases, h, windowMass);
            long kLo = (long) Math.floor(window[0] / h);
            long kHi = (long) Math.ceil(window[1] / h);
            long width = kHi - kLo + 1;
            if (width > maxPoints) {
                h *= 1.05 * width / maxPoints;
                continue;
            }
            int n = Math.max(256, Integer.highestOneBit((int) Math.max(1, width - 1)) << 1);
            ComposedPld pld = circularSum(steps, phases, n, kLo, h, shift);
            double bad = hoeffdingMass + truncated + windowMass;
            return new Composition(pld, h, h * slack, bad, n);
        }
        throw new IllegalArgumentException("PRV accountant: could not fit the composition of " + total + " steps in "
                + maxPoints + " points; raise maxPoints or the epsilon error");
    }

    /**
     * {@code [lo, hi]} outside which the rounded, unshifted sum has mass at most {@code mass/2} on each side, by
     * Chernoff: {@code P(S >= c) <= exp(Σ_j T_j log M_j(λ) − λc)}, minimised over λ on a doubling grid.
     */
    private static double[] window(SampledGaussianPld[] steps, List<double[]> phases, double h, double mass) {
        double logTail = Math.log(mass / 2);
        double hi = Double.POSITIVE_INFINITY;
        double lo = Double.NEGATIVE_INFINITY;
        double topSum = 0;
        double bottomSum = 0;
        for (int j = 0; j < steps.length; j++) {
            double t = phases.get(j)[2];
            topSum += t * (steps[j].firstIndex + steps[j].probabilities.length - 1) * h;
            bottomSum += t * steps[j].firstIndex * h;
        }
        for (int e = -8; e <= 18; e += 2) { // factor 4: the window need not be tight, only valid
            double lambda = Math.scalb(1.0, e);
            double up = 0;
            double down = 0;
            for (int j = 0; j < steps.length; j++) {
                double t = phases.get(j)[2];
                up += t * steps[j].logMgf(lambda, h);
                down += t * steps[j].logMgf(-lambda, h);
            }
            hi = Math.min(hi, (up - logTail) / lambda);
            lo = Math.max(lo, -(down - logTail) / lambda);
        }
        // the sum cannot leave the range of its terms
        return new double[] {Math.max(lo, bottomSum), Math.min(hi, topSum)};
    }

    /** The last transform built: calibrations and budget look-aheads evaluate the same grid many times. */
    private static volatile RealFft lastTransform;

    /** The real FFT of length {@code n}, reused while the length stays the same (its tables are immutable). */
    private static RealFft transform(int n) {
        RealFft t = lastTransform;
        if (t == null || t.length() != n) {
            t = new RealFft(n);
            lastTransform = t;
        }
        return t;
    }

    /**
     * The distribution of the sum of all rounded steps on the window {@code [kLo, kLo + n)} of grid indices, by
     * circular convolution: mass outside the window folds in (its total is bounded by the window's Chernoff mass).
     */
    private static ComposedPld circularSum(SampledGaussianPld[] steps, List<double[]> phases, int n, long kLo,
                                           double h, double shift) {
        RealFft fft = transform(n);
        int m = n / 2 + 1; // the spectrum of real data: X_0 .. X_{n/2}, the rest is its conjugate mirror
        double[] accRe = new double[m];
        double[] accIm = new double[m];
        double[] re = new double[m];
        double[] im = new double[m];
        double[] x = new double[n];
        for (int j = 0; j < steps.length; j++) {
            java.util.Arrays.fill(x, 0);
            double[] p = steps[j].probabilities;
            for (int k = 0; k < p.length; k++) {
                x[(int) Math.floorMod(steps[j].firstIndex + k, (long) n)] += p[k];
            }
            fft.forward(x, re, im);
            double t = phases.get(j)[2];
            for (int f = 0; f < m; f++) {
                double a = re[f];
                double b = im[f];
                double r2 = a * a + b * b;
                double pr;
                double pi;
                if (t == 1) {
                    pr = a;
                    pi = b;
                } else if (r2 == 0) {
                    pr = 0;
                    pi = 0;
                } else {
                    double mag = Math.exp(0.5 * t * Math.log(r2));
                    double ang = t * Math.atan2(b, a);
                    pr = mag * Math.cos(ang);
                    pi = mag * Math.sin(ang);
                }
                if (j == 0) {
                    accRe[f] = pr;
                    accIm[f] = pi;
                } else {
                    double cr = accRe[f] * pr - accIm[f] * pi;
                    accIm[f] = accRe[f] * pi + accIm[f] * pr;
                    accRe[f] = cr;
                }
            }
        }
        x = null;
        double[] sum = fft.inverse(accRe, accIm);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double v = sum[(int) Math.floorMod(kLo + i, (long) n)];
            out[i] = v > 0 ? v : 0; // FFT rounding leaves values of about ±1e-17 where the mass is 0
        }
        return new ComposedPld(kLo * h + shift, h, out);
    }
}
