package dev.gradus.autodiff;

/**
 * Whether operations on {@link Var}s record a graph, per thread.
 *
 * <p>Inside a no-grad scope, operations compute values only: their results do not require grad and keep
 * no reference to their inputs. Use it for in-place parameter updates and for evaluation:
 *
 * <pre>{@code
 * try (GradMode.Scope ignored = GradMode.noGrad()) {
 *     Var prediction = model.forward(x);   // no graph, no memory held
 * }
 * }</pre>
 *
 * The flag is thread-local, so a no-grad scope on one thread never affects a forward pass on another.
 * Scopes nest; closing one restores the state it found.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> DISABLED = ThreadLocal.withInitial(() -> new boolean[1]);

    private GradMode() {}

    /** True when operations on this thread record a graph (the default). */
    public static boolean isEnabled() {
        return !DISABLED.get()[0];
    }

    /** Enters a scope in which no graph is recorded; close it to restore the previous state. */
    public static Scope noGrad() {
        return new Scope(set(false));
    }

    /** Enters a scope in which graphs are recorded even inside an enclosing no-grad scope. */
    public static Scope enableGrad() {
        return new Scope(set(true));
    }

    /** Sets the flag for this thread and returns its previous value. */
    static boolean set(boolean enabled) {
        boolean[] disabled = DISABLED.get();
        boolean previous = !disabled[0];
        disabled[0] = !enabled;
        return previous;
    }

    /** A grad-mode scope for try-with-resources; closing restores the mode it replaced. */
    public static final class Scope implements AutoCloseable {
        private final boolean previous;
        private boolean closed;

        private Scope(boolean previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                set(previous);
            }
        }
    }
}
