package dev.gradus.train;

import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * How the trainer reports progress: a redrawn bar on a terminal ({@link ProgressBar}), one plain line
 * per epoch otherwise ({@link ProgressLines}), or nothing.
 */
public interface Progress {

    /** An epoch of {@code batches} mini-batches begins ({@code firstBatch} > 0 when resuming mid-epoch). */
    void epochBegin(int epoch, int epochs, int firstBatch, int batches);

    /** Mini-batch {@code batch} (from 1) finished; the running means are over the epoch so far. */
    void batchEnd(int batch, double meanLoss, double meanAccuracy);

    /** The epoch ended with these metrics. */
    void epochEnd(EpochMetrics metrics, int epochs);

    /** A one-off message, such as why training stopped. */
    void message(String text);

    /** A bar when {@code out} is the terminal ({@link System#console()} is attached), plain lines otherwise. */
    static Progress auto(PrintStream out) {
        return isTerminal() ? new ProgressBar(out) : new ProgressLines(out);
    }

    /** A bar when the process runs on a terminal ({@link System#console()} is attached), plain lines otherwise. */
    static Progress auto(PrintWriter out) {
        return isTerminal() ? new ProgressBar(out) : new ProgressLines(out);
    }

    /** Reports nothing. */
    static Progress silent() {
        return new Progress() {
            @Override
            public void epochBegin(int epoch, int epochs, int firstBatch, int batches) {}

            @Override
            public void batchEnd(int batch, double meanLoss, double meanAccuracy) {}

            @Override
            public void epochEnd(EpochMetrics metrics, int epochs) {}

            @Override
            public void message(String text) {}
        };
    }

    /** The one-line description of a finished epoch that both reporters print. */
    static String describe(EpochMetrics m, int epochs) {
        StringBuilder sb = new StringBuilder();
        int width = Integer.toString(epochs).length();
        sb.append(String.format(Locale.ROOT, "epoch %" + width + "d/%d  step %d  loss %.4f", m.epoch(), epochs,
                m.step(), m.trainLoss()));
        if (!Double.isNaN(m.trainAccuracy())) {
            sb.append(String.format(Locale.ROOT, "  acc %.2f%%", 100 * m.trainAccuracy()));
        }
        if (!Double.isNaN(m.valLoss())) {
            sb.append(String.format(Locale.ROOT, "  val_loss %.4f", m.valLoss()));
        }
        if (!Double.isNaN(m.valAccuracy())) {
            sb.append(String.format(Locale.ROOT, "  val_acc %.2f%%", 100 * m.valAccuracy()));
        }
        m.extras().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %s %.4g", k, v)));
        sb.append(String.format(Locale.ROOT, "  %.1fs", m.seconds()));
        return sb.toString();
    }

    /** True when the process runs on a terminal. */
    static boolean isTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        // Java 22+ may return a console for redirected streams; isTerminal() (22+) then tells the truth.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
