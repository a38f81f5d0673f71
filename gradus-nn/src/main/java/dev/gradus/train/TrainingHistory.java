package dev.gradus.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The metrics of every finished epoch, in order; written as {@code metrics.csv}. */
public final class TrainingHistory {
    private final List<EpochMetrics> epochs = new ArrayList<>();

    /** An empty history. */
    public TrainingHistory() {}

    /** A history holding {@code epochs} (for example, read back from a checkpoint). */
    public TrainingHistory(List<EpochMetrics> epochs) {
        epochs.forEach(this::add);
    }

    /** Appends the metrics of the next epoch. */
    public void add(EpochMetrics m) {
        if (!epochs.isEmpty() && m.epoch() != last().epoch() + 1) {
            throw new IllegalArgumentException("history: epoch " + m.epoch() + " does not follow epoch "
                    + last().epoch());
        }
        epochs.add(m);
    }

    /** The epochs, oldest first (unmodifiable). */
    public List<EpochMetrics> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The number of finished epochs. */
    public int size() {
        return epochs.size();
    }

    /** True when no epoch has finished. */
    public boolean isEmpty() {
        return epochs.isEmpty();
    }

    /** The most recent epoch. */
    public EpochMetrics last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("history: no epoch has finished yet");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** The values of one metric over the epochs (see {@link EpochMetrics#get}). */
    public double[] series(String metric) {
        double[] out = new double[epochs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = epochs.get(i).get(metric);
        }
        return out;
    }

    /** The names of the extra columns, in first-seen order. */
    public Set<String> extraNames() {
        Set<String> names = new LinkedHashSet<>();
        for (EpochMetrics m : epochs) {
            names.addAll(m.extras().keySet());
        }
        return names;
    }

    /**
     * Writes the history as CSV with a header line: {@code epoch,step,train_loss,train_accuracy,val_loss,
     * val_accuracy,seconds} and then one column per extra. Numbers are printed so that they read back
     * exactly; a metric that does not apply is left empty.
     */
    public void writeCsv(Writer out) {
        Set<String> extras = extraNames();
        try {
            out.write("epoch,step,train_loss,train_accuracy,val_loss,val_accuracy,seconds");
            for (String e : extras) {
                out.write(',');
                out.write(e);
            }
            out.write('\n');
            for (EpochMetrics m : epochs) {
                out.write(m.epoch() + "," + m.step() + "," + cell(m.trainLoss()) + "," + cell(m.trainAccuracy())
                        + "," + cell(m.valLoss()) + "," + cell(m.valAccuracy()) + "," + cell(m.seconds()));
                for (String e : extras) {
                    Double v = m.extras().get(e);
                    out.write(',');
                    out.write(v == null ? "" : cell(v));
                }
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
