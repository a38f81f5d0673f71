package dev.gradus.data;

/**
 * A data file or data request that cannot be honoured: a malformed line, a missing file, an unknown format or
 * data set, an impossible split.
 *
 * <p>The message is meant for the user as it stands. Parsers put the place first, the way compilers do:
 * {@code data.csv:17: expected 65 columns, found 64}. A reader that throws has returned nothing: there are no
 * partial data sets.
 */
public final class DataException extends IllegalArgumentException {
    /** An error with a complete, user-facing message. */
    public DataException(String message) {
        super(message);
    }

    /** An error caused by a lower-level failure (usually an I/O error), with a complete, user-facing message. */
    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
