package dev.gradus.train;

import dev.gradus.data.DataException;
import dev.gradus.data.Dataset;

/**
 * Refuses data that a run cannot learn anything from, before a model is built for it, with a message naming the
 * data, the label column and the problem. A classification needs:
 *
 * <ul>
 *   <li>at least two classes: with one, the loss is exactly 0 from the first step and every accuracy is 100%;</li>
 *   <li>at most one class per {@value #SAMPLES_PER_CLASS} samples: more distinct labels than that (a row id, a
 *       continuous target read as classes, a million-way output layer for a million rows) leave too few samples
 *       per class to learn or to split, and usually mean the wrong column or task was chosen.</li>
 * </ul>
 *
 * Mixed numeric and non-numeric labels are refused by the readers ({@code dev.gradus.data}), which know the line.
 */
public final class LearnableData {
    /** The fewest samples per class, on average, that a classification may have. */
    public static final int SAMPLES_PER_CLASS = 2;

    private LearnableData() {}

    /**
     * Throws when {@code data} cannot be learned (see the class comment).
     *
     * @param source the data as the user named it (a file or a bundled name), for the message
     * @param labelColumn how the label column was chosen, for the message, such as {@code "the last column"}
     * @throws DataException naming the data, the column and the problem
     */
    public static void require(Dataset data, String source, String labelColumn) {
        if (!data.isClassification()) {
            return;
        }
        int k = data.numClasses();
        int n = data.size();
        String where = source + ": label column (" + labelColumn + "): ";
        if (k < 2) {
            throw new DataException(where + "every one of the " + n + " samples has the label '"
                    + data.classNames().get(0) + "': one class cannot be learned (the loss would be 0 from the first"
                    + " step); a classification needs at least two classes. Choose another --label-column, or"
                    + " --task regression for numeric targets");
        }
        if ((long) k * SAMPLES_PER_CLASS > n) {
            throw new DataException(where + k + " distinct labels among " + n + " samples, more than one class per "
                    + SAMPLES_PER_CLASS + " samples: too few samples per class to learn; is it an identifier or a"
                    + " continuous target? Choose another --label-column, or --task regression for numeric targets");
        }
    }
}
