package dev.gradus.train;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;

/** Progress as one plain line per epoch: for logs, pipes and CI, where a redrawn bar would be noise. */
public final class ProgressLines implements Progress {
    private final PrintWriter out;

    /** Prints to {@code out}. */
    public ProgressLines(PrintWriter out) {
        this.out = out;
    }

    /** Prints to {@code out}, in its charset. */
    public ProgressLines(PrintStream out) {
        this(new PrintWriter(new OutputStreamWriter(out, out.charset()), true));
    }

    @Override
    public void epochBegin(int epoch, int epochs, int firstBatch, int batches) {}

    @Override
    public void batchEnd(int batch, double meanLoss, double meanAccuracy) {}

    @Override
    public void epochEnd(EpochMetrics metrics, int epochs) {
        out.println(Progress.describe(metrics, epochs));
        out.flush();
    }

    @Override
    public void message(String text) {
        out.println(text);
        out.flush();
    }
}
