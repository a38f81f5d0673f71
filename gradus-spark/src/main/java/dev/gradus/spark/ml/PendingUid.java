package dev.gradus.spark.ml;

import java.util.Objects;

/**
 * The uid of a stage under construction, for the calls to {@code uid()} that Spark's Scala super-constructors
 * make before a Java subclass can assign its own field: the subclass's public constructor passes
 * {@link #hold(String)} to a private one, so the value is in place before {@code super()} runs, and the private
 * constructor {@link #release() releases} it once its field is set. Per thread, so concurrent constructions do not
 * mix.
 */
final class PendingUid {
    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private PendingUid() {}

    /** Holds {@code uid} for the construction about to start on this thread; returns it. */
    static String hold(String uid) {
        PENDING.set(Objects.requireNonNull(uid, "uid"));
        return uid;
    }

    /** The uid held on this thread (null when none). */
    static String pending() {
        return PENDING.get();
    }

    /** Ends the construction on this thread. */
    static void release() {
        PENDING.remove();
    }
}
