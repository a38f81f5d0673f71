package dev.gradus.cli.lab;

import dev.gradus.lab.ClaimResult;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.Format;
import dev.gradus.lab.LabListener;
import dev.gradus.lab.LabReport;
import dev.gradus.lab.Verdict;
import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows a lab run on the console: one line per finished experiment (id, verdict, key number, seconds) and, on a
 * terminal, a live status line with the running experiment, its last progress message and a clock. Without a
 * terminal (a pipe, a CI log) it prints a plain line when each experiment starts instead.
 */
final class LabConsole implements LabListener, AutoCloseable {
    private static final int ID_WIDTH = 24;
    private static final int VERDICT_WIDTH = 15;

    private final PrintWriter out;
    private final boolean live;
    private final ScheduledExecutorService clock;
    private String current;
    private String message = "";
    private double fraction = Double.NaN;
    private int index;
    private int total;
    private long startNanos;
    private int statusWidth;

    LabConsole(PrintWriter out, boolean live) {
        this.out = out;
        this.live = live;
        if (live) {
            clock = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gradus-lab-clock");
                t.setDaemon(true);
                return t;
            });
            clock.scheduleAtFixedRate(this::redraw, 500, 500, TimeUnit.MILLISECONDS);
        } else {
            clock = null;
        }
    }

    /** True when standard output is an interactive terminal, where a status line can be redrawn in place. */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Console.isTerminal() exists from Java 22; before that System.console() is null unless interactive.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public synchronized void started(Experiment experiment, int index, int total) {
        this.current = experiment.id();
        this.index = index;
        this.total = total;
        this.message = "";
        this.fraction = Double.NaN;
        this.startNanos = System.nanoTime();
        if (live) {
            redraw();
        } else {
            out.printf(Locale.ROOT, "[%d/%d] %s ...%n", index + 1, total, experiment.id());
            out.flush();
        }
    }

    @Override
    public synchronized void progress(Experiment experiment, String message, double fraction) {
        this.message = message == null ? "" : message;
        this.fraction = fraction;
    }

    @Override
    public synchronized void finished(ExperimentRun run, int index, int total) {
        current = null;
        clearStatus();
        out.println(line(run));
        out.flush();
    }

    /** Prints the closing summary and the report's path. */
    synchronized void summary(LabReport report) {
        StringBuilder tally = new StringBuilder();
        for (Verdict v : Verdict.values()) {
            long n = report.count(v);
            if (n > 0) {
                tally.append(tally.isEmpty() ? "" : ", ").append(n).append(' ')
                        .append(v.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        out.printf(Locale.ROOT, "%d experiment%s (%s preset): %s in %s s%n", report.experiments().size(),
                report.experiments().size() == 1 ? "" : "s", report.preset().label(), tally,
                Format.seconds(report.seconds()));
        out.println("report: " + report.index().toAbsolutePath().normalize());
        out.flush();
    }

    /**
     * One result line: id, verdict, seconds, then the seeds and each claim's verdict with its deciding number (or,
     * for a first-form experiment, its first key metric), then the error if there was one.
     */
    static String line(ExperimentRun run) {
        String key;
        if (!run.claims().isEmpty()) {
            int n = run.seeds().size();
            StringBuilder sb = new StringBuilder(n + (n == 1 ? " seed (" : " seeds (") + run.seedTally() + ")");
            for (ClaimResult c : run.claims()) {
                sb.append("\n    ").append(c.id()).append(": ").append(c.verdict().label()).append(" - ")
                        .append(c.deciding());
            }
            if (run.error() != null) {
                sb.append("\n    error: ").append(run.error());
            }
            key = sb.toString();
        } else if (run.error() != null) {
            key = run.error();
        } else if (run.keyMetrics().isEmpty()) {
            key = "";
        } else {
            String name = run.keyMetrics().get(0);
            Double v = run.metrics().get(name);
            key = name + "=" + (v == null ? "?" : Format.number(v));
        }
        return String.format(Locale.ROOT, "%-" + ID_WIDTH + "s %-" + VERDICT_WIDTH + "s %8s s  %s", run.id(),
                run.verdict().name(), Format.seconds(run.seconds()), key);
    }

    private synchronized void redraw() {
        if (current == null) {
            return;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String status = String.format(Locale.ROOT, "[%d/%d] %s  %s s  %s%s", index + 1, total, current,
                Format.seconds(seconds), message,
                Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, " (%d%%)", Math.round(100 * fraction)));
        if (status.length() > 110) {
            status = status.substring(0, 109) + "…";
        }
        out.print("\r" + status + " ".repeat(Math.max(0, statusWidth - status.length())));
        statusWidth = status.length();
        out.flush();
    }

    private void clearStatus() {
        if (live && statusWidth > 0) {
            out.print("\r" + " ".repeat(statusWidth) + "\r");
            statusWidth = 0;
        }
    }

    @Override
    public synchronized void close() {
        if (clock != null) {
            clock.shutdownNow();
        }
        clearStatus();
        out.flush();
    }
}
