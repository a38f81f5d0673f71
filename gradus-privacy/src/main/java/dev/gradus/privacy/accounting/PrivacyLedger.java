package dev.gradus.privacy.accounting;

import dev.gradus.tensor.StateLeaf;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.io.Safetensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The privacy history of a training run: the phases of DP-SGD steps taken, each a sampling rate, a noise multiplier
 * and a number of steps, consecutive steps with equal settings sharing one phase. It is a {@link StateLeaf}, saved as
 * an {@code F64[phases, 3]} entry, so the accountant's history is in every checkpoint and a resumed run reports the
 * same ε (Opacus keeps it outside the model and optimizer state, opacus#373).
 */
public final class PrivacyLedger implements StateLeaf {
    private final List<double[]> phases = new ArrayList<>();

    /** An empty ledger: nothing released yet. */
    public PrivacyLedger() {}

    /**
     * Records one step at sampling rate {@code q} with noise multiplier {@code sigma}.
     *
     * @throws IllegalArgumentException for q outside (0, 1] or a negative sigma
     */
    public void record(double q, double sigma) {
        record(q, sigma, 1);
    }

    /** Records {@code steps} steps at {@code (q, sigma)}. */
    public void record(double q, double sigma, long steps) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("privacy ledger: sampling rate " + q + " is outside (0, 1]");
        }
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("privacy ledger: noise multiplier " + sigma + " must be finite and >= 0");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("privacy ledger: steps " + steps + " must be at least 1");
        }
        if (!phases.isEmpty()) {
            double[] last = phases.get(phases.size() - 1);
            if (last[0] == q && last[1] == sigma) {
                last[2] += steps;
                return;
            }
        }
        phases.add(new double[] {q, sigma, steps});
    }

    /** The number of steps recorded. */
    public long steps() {
        long n = 0;
        for (double[] p : phases) {
            n += (long) p[2];
        }
        return n;
    }

    /** The number of phases. */
    public int phases() {
        return phases.size();
    }

    /** Everything recorded, as one event: the composition of each phase's DP-SGD steps. */
    public DpEvent event() {
        List<DpEvent> events = new ArrayList<>(phases.size());
        for (double[] p : phases) {
            events.add(DpEvent.dpSgd(p[0], p[1], (long) p[2]));
        }
        return new DpEvent.Composed(events);
    }

    /** The event after {@code more} further steps at {@code (q, sigma)}: what a step about to be taken would spend. */
    public DpEvent eventWith(double q, double sigma, long more) {
        PrivacyLedger next = copy();
        next.record(q, sigma, more);
        return next.event();
    }

    @Override
    public PrivacyLedger copy() {
        PrivacyLedger c = new PrivacyLedger();
        for (double[] p : phases) {
            c.phases.add(p.clone());
        }
        return c;
    }

    @Override
    public void restore(StateLeaf source) {
        if (!(source instanceof PrivacyLedger l)) {
            throw new IllegalArgumentException("restore: a privacy ledger cannot take the value of a "
                    + source.getClass().getSimpleName());
        }
        List<double[]> copied = new ArrayList<>();
        for (double[] p : l.phases) {
            copied.add(p.clone());
        }
        phases.clear();
        phases.addAll(copied);
    }

    @Override
    public Safetensors.Entry encode(String name) {
        double[] flat = new double[phases.size() * 3];
        for (int k = 0; k < phases.size(); k++) {
            System.arraycopy(phases.get(k), 0, flat, 3 * k, 3);
        }
        return Safetensors.f64(name, Tensor.of(flat, phases.size(), 3));
    }

    @Override
    public PrivacyLedger decode(Safetensors.Entry entry) {
        if (entry.dtype() != Safetensors.DType.F64 || entry.shape().length != 2 || entry.shape()[1] != 3) {
            throw StateLeaf.mismatch("F64[phases, 3] (sampling rate, noise multiplier, steps)", entry);
        }
        double[] flat = entry.toDoubles();
        PrivacyLedger l = new PrivacyLedger();
        for (int k = 0; k < entry.shape()[0]; k++) {
            double q = flat[3 * k];
            double sigma = flat[3 * k + 1];
            double steps = flat[3 * k + 2];
            if (!(q > 0 && q <= 1) || !(sigma >= 0) || !(steps >= 1) || steps != Math.rint(steps)) {
                throw new IllegalArgumentException("privacy ledger: phase " + k + " "
                        + Arrays.toString(new double[] {q, sigma, steps}) + " is not (rate in (0, 1], sigma >= 0,"
                        + " whole steps >= 1)");
            }
            l.phases.add(new double[] {q, sigma, steps});
        }
        return l;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("PrivacyLedger[");
        for (int k = 0; k < phases.size(); k++) {
            double[] p = phases.get(k);
            b.append(k == 0 ? "" : ", ").append("q=").append(p[0]).append(" sigma=").append(p[1])
                    .append(" steps=").append((long) p[2]);
        }
        return b.append(']').toString();
    }
}
