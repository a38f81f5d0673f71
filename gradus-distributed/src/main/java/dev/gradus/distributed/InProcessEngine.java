package dev.gradus.distributed;

import dev.gradus.optim.kernel.Chunks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the workers of a round on threads, with results that do not depend on the number of threads: task
 * {@code i} of a round runs on lane {@code i mod threads} (a fixed partition, not work stealing), each task
 * writes only its own outputs, and everything that combines them runs afterwards in worker order on the
 * caller's thread. With one thread the tasks run in order on the caller's thread.
 *
 * <p>A lane is also the index of the model replica its tasks may use ({@link LaneTask}), so two tasks never
 * share a replica at the same time.
 */
public final class InProcessEngine implements AutoCloseable {
    private final int threads;
    private ExecutorService pool;

    /** What one task does: task {@code index} on lane {@code lane} (in {@code [0, threads)}). */
    @FunctionalInterface
    public interface LaneTask {
        /** Runs task {@code index} on lane {@code lane}. */
        void run(int lane, int index) throws Exception;
    }

    /** An engine with {@code threads} lanes (1 runs everything on the caller's thread). */
    public InProcessEngine(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("InProcessEngine: threads=" + threads + " must be at least 1");
        }
        this.threads = threads;
    }

    /** The number of lanes. */
    public int threads() {
        return threads;
    }

    /**
     * Runs tasks {@code 0..tasks-1} and waits for all of them. When tasks fail, the failure of the lowest task
     * index is thrown (a lane stops at its first failure), so even errors do not depend on scheduling.
     */
    public void run(int tasks, LaneTask task) {
        if (threads == 1 || tasks <= 1) {
            for (int i = 0; i < tasks; i++) {
                call(task, 0, i);
            }
            return;
        }
        int lanes = Math.min(threads, tasks);
        List<Future<?>> futures = new ArrayList<>(lanes);
        RuntimeException[] failures = new RuntimeException[tasks];
        for (int lane = 0; lane < lanes; lane++) {
            int l = lane;
            // The lanes already occupy the cores: a lane's own kernels stay on its thread (same bits: Chunks
            // kernels do not depend on their thread count), or lanes x kernel threads would compete for the cores.
            futures.add(pool().submit(() -> Chunks.withThreads(1, () -> {
                for (int i = l; i < tasks; i += lanes) {
                    try {
                        call(task, l, i);
                    } catch (RuntimeException e) {
                        failures[i] = e;
                        return null;
                    }
                }
                return null;
            })));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("InProcessEngine: interrupted while waiting for the workers", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("InProcessEngine: a lane failed", e.getCause());
            }
        }
        for (RuntimeException e : failures) {
            if (e != null) {
                throw e;
            }
        }
    }

    private static void call(LaneTask task, int lane, int index) {
        try {
            task.run(lane, index);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("worker " + index + ": " + e.getMessage(), e);
        }
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "gradus-worker");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** Stops the threads (a later round starts them again). */
    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
    }
}
