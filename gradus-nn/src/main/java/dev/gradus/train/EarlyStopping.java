package dev.gradus.train;

/**
 * Stops training when a monitored metric has not improved for {@code patience} epochs (Keras'
 * {@code EarlyStopping}, without restoring the best weights).
 *
 * <p>An epoch improves on the best so far when the metric is lower by more than {@code minDelta}
 * (or higher, for a metric that is maximised). The decision is recomputed from the history at every
 * epoch instead of being kept in counters, so a resumed run stops exactly where an uninterrupted one
 * would.
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final int patience;
    private final double minDelta;
    private final boolean maximize;

    /**
     * @param monitor the metric to watch, such as {@code val_loss} or {@code val_accuracy}
     * @param patience the number of epochs without improvement to tolerate (at least 1)
     * @param minDelta the smallest change that counts as an improvement (at least 0)
     * @param maximize true when larger is better
     */
    public EarlyStopping(String monitor, int patience, double minDelta, boolean maximize) {
        if (patience < 1) {
            throw new IllegalArgumentException("early stopping: patience must be at least 1, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("early stopping: min_delta must be >= 0, got " + minDelta);
        }
        this.monitor = monitor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.maximize = maximize;
    }

    /** Watches {@code monitor}, maximising it when its name contains {@code accuracy} and minimising otherwise. */
    public static EarlyStopping on(String monitor, int patience) {
        return new EarlyStopping(monitor, patience, 0.0, monitor.contains("accuracy"));
    }

    @Override
    public void onTrainBegin(TrainingContext ctx) {
        if (monitor.startsWith("val_") && !ctx.hasValidation()) {
            throw new IllegalArgumentException("early stopping monitors " + monitor
                    + " but there is no validation split");
        }
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochMetrics metrics) {
        int since = epochsSinceBest(ctx.history());
        if (since >= patience) {
            ctx.requestStop("early stopping: " + monitor + " has not improved for " + since + " epochs (best "
                    + bestValue(ctx.history()) + " at epoch " + (ctx.history().size() - since) + ")");
        }
    }

    /** The number of epochs since the best one, by the improvement rule above. */
    int epochsSinceBest(TrainingHistory history) {
        double[] v = history.series(monitor);
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (improves(v[i], v[best])) {
                best = i;
            }
        }
        return v.length - 1 - best;
    }

    private double bestValue(TrainingHistory history) {
        double[] v = history.series(monitor);
        return v[v.length - 1 - epochsSinceBest(history)];
    }

    private boolean improves(double value, double best) {
        if (Double.isNaN(best)) {
            return !Double.isNaN(value);
        }
        return maximize ? value > best + minDelta : value < best - minDelta;
    }
}
