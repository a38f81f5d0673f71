package dev.gradus.optim.kernel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs an element-wise kernel over {@code [0, n)} in fixed blocks of {@link #BLOCK} elements, on every core
 * when the tensor is large ({@link #PARALLEL_MIN} elements or more), in the calling thread otherwise.
 *
 * <p><b>Same bits on any number of threads.</b> The blocks are a function of {@code n} alone, each element
 * is computed inside exactly one block, and a kernel run through here reads and writes only the elements of
 * its block: so which thread runs which block cannot change a bit, and a step on one thread equals the step on
 * two or sixteen (tested). A kernel that reduces (sums over a tensor) must not be run through here.
 *
 * <p>The number of threads is {@code -Dgradus.optim.threads=N} when given, otherwise the number of
 * processors; {@link #withThreads} overrides it for the calling thread (for tests and benchmarks). The
 * caller works on blocks too, so {@code N} threads are the caller and {@code N - 1} pooled daemon threads.
 * A block of {@code 4096} doubles is 32 KiB per array: a kernel's few arrays fit in the core's L2 cache, so
 * several short passes over one block cost one pass over memory.
 */
public final class Chunks {
    /** Elements per block. */
    public static final int BLOCK = 4096;
    /** Tensors with fewer elements run in the calling thread: dispatch would cost more than it saves. */
    public static final int PARALLEL_MIN = 1 << 16;

    private static final int DEFAULT_THREADS = Math.max(1,
            Integer.getInteger("gradus.optim.threads", Runtime.getRuntime().availableProcessors()));
    private static final ThreadLocal<Integer> OVERRIDE = new ThreadLocal<>();
    private static volatile ExecutorService pool;

    private Chunks() {}

    /** A kernel over one block {@code [from, to)}. */
    @FunctionalInterface
    public interface Body {
        /** Processes the elements {@code [from, to)}, and only those. */
        void run(int from, int to);
    }

    /** The threads a kernel may use from the calling thread. */
    public static int threads() {
        Integer t = OVERRIDE.get();
        return t != null ? t : DEFAULT_THREADS;
    }

    /** Runs {@code work} with kernels limited to {@code threads} threads (at least 1) in this thread. */
    public static <T> T withThreads(int threads, Supplier<T> work) {
        if (threads < 1) {
            throw new IllegalArgumentException("Chunks.withThreads: threads must be at least 1, got " + threads);
        }
        Integer previous = OVERRIDE.get();
        OVERRIDE.set(threads);
        try {
            return work.get();
        } finally {
            OVERRIDE.set(previous);
        }
    }

    /** Runs {@code body} over every block of {@code [0, n)}. */
    public static void run(int n, Body body) {
        run(n, BLOCK, n >= PARALLEL_MIN, body);
    }

    /**
     * Runs {@code body} once per task {@code [t, t + 1)} of {@code [0, tasks)}, on every core when the tasks
     * together touch {@link #PARALLEL_MIN} elements or more. For work split by example rather than by element
     * (one per-example gradient each): the same rule as {@link #run} gives the same bits on any number of
     * threads, since a task writes only its own output.
     *
     * @param elementsPerTask the elements one task reads or writes, which decides whether threads pay
     */
    public static void runTasks(int tasks, long elementsPerTask, Body body) {
        run(tasks, 1, (long) tasks * elementsPerTask >= PARALLEL_MIN, body);
    }

    private static void run(int n, int block, boolean large, Body body) {
        int threads = threads();
        int blocks = (int) (((long) n + block - 1) / block);
        if (!large || threads == 1 || blocks < 2) {
            for (int from = 0; from < n; from += block) {
                body.run(from, Math.min(n, from + block));
            }
            return;
        }
        int helpers = Math.min(threads, blocks) - 1;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger running = new AtomicInteger(helpers);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            try {
                work(n, block, blocks, next, body);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
                next.set(blocks); // the others stop taking blocks
            } finally {
                if (running.decrementAndGet() == 0) {
                    synchronized (running) {
                        running.notifyAll();
                    }
                }
            }
        };
        ExecutorService p = pool();
        for (int h = 0; h < helpers; h++) {
            p.execute(worker);
        }
        try {
            work(n, block, blocks, next, body);
        } catch (RuntimeException | Error e) {
            next.set(blocks);
            failure.compareAndSet(null, e);
        }
        synchronized (running) {
            while (running.get() > 0) {
                try {
                    running.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Chunks.run: interrupted while helper threads finish", e);
                }
            }
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }

    private static void work(int n, int block, int blocks, AtomicInteger next, Body body) {
        for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
            int from = b * block;
            body.run(from, Math.min(n, from + block));
        }
    }

    /** The helpers: daemon threads, started when first needed and reused. */
    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (Chunks.class) {
                p = pool;
                if (p == null) {
                    p = Executors.newCachedThreadPool(r -> {
                        Thread t = new Thread(r, "gradus-optim-kernel");
                        t.setDaemon(true);
                        return t;
                    });
                    pool = p;
                }
            }
        }
        return p;
    }
}
