package dev.gradus.zeroth;

import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Evaluates a batch of candidates, on the calling thread or on a fixed number of threads. Row {@code i} of the result
 * depends only on row {@code i} of the batch (each thread writes its own fixed, contiguous block of rows), so the
 * result is the same bits for any number of threads.
 */
public final class Evaluator implements AutoCloseable {
    private final int threads;
    private final ExecutorService pool;

    private Evaluator(int threads) {
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gradus-evaluator");
            t.setDaemon(true);
            return t;
        });
    }

    /** Evaluation on the calling thread. */
    public static Evaluator sequential() {
        return new Evaluator(1);
    }

    /** Evaluation on {@code threads} threads (the problem must be safe to call concurrently). */
    public static Evaluator parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("Evaluator: threads must be at least 1, got " + threads);
        }
        return new Evaluator(threads);
    }

    /** The number of threads. */
    public int threads() {
        return threads;
    }

    /** The values of every row of {@code candidates} ([n, d]) as an [n, m] tensor. */
    public Tensor evaluate(Problem problem, Tensor candidates) {
        int d = problem.dimension();
        int m = problem.objectives();
        if (candidates.rank() != 2 || candidates.dim(1) != d) {
            throw new IllegalArgumentException("Evaluator: " + problem.name() + " takes points of " + d
                    + " coordinates, got candidates of shape " + java.util.Arrays.toString(candidates.shape()));
        }
        int n = candidates.dim(0);
        double[] out = new double[n * m];
        if (pool == null || n < 2) {
            evaluateRows(problem, candidates.data(), d, m, 0, n, out);
            return Tensor.of(out, n, m);
        }
        int chunks = Math.min(threads, n);
        List<Future<?>> jobs = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            int lo = (int) ((long) n * c / chunks);
            int hi = (int) ((long) n * (c + 1) / chunks);
            jobs.add(pool.submit(() -> evaluateRows(problem, candidates.data(), d, m, lo, hi, out)));
        }
        for (Future<?> f : jobs) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Evaluator: interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException("Evaluator: " + problem.name() + " failed: " + cause, cause);
            }
        }
        return Tensor.of(out, n, m);
    }

    private static void evaluateRows(Problem problem, double[] x, int d, int m, int lo, int hi, double[] out) {
        double[] row = new double[d];
        double[] val = new double[m];
        for (int i = lo; i < hi; i++) {
            System.arraycopy(x, i * d, row, 0, d);
            problem.evaluate(row, val);
            System.arraycopy(val, 0, out, i * m, m);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
