package dev.gradus.data;

import dev.gradus.tensor.RandomStream;
import java.util.Arrays;

/**
 * A data set split into train, validation and test sets, by seed.
 *
 * <p>The validation and test sizes are {@code round(n * fraction)}; the training set gets the rest. A stratified
 * split keeps each class's share in every part: the test (then validation) size is apportioned among the
 * classes in proportion to their sizes by the largest-remainder method, so the totals are exact and each class
 * is off its exact share by less than one sample. Within each class (or the whole set, unstratified) the
 * samples are shuffled by a {@link RandomStream} derived from the seed; each part keeps the original order of
 * its samples. The same data and seed always give the same split.
 *
 * @param train the training samples
 * @param validation the validation samples (empty for a validation fraction of 0)
 * @param test the test samples (empty for a test fraction of 0)
 */
public record Split(Dataset train, Dataset validation, Dataset test) {
    /**
     * Splits {@code data}.
     *
     * @param validationFraction the share of samples for validation, in [0, 1)
     * @param testFraction the share of samples for testing, in [0, 1)
     * @param seed the seed of the shuffle
     * @param stratify keep class proportions (classification only)
     * @throws DataException when the fractions are out of range or leave no training sample
     */
    public static Split of(Dataset data, double validationFraction, double testFraction, long seed, boolean stratify) {
        checkFraction("validation", validationFraction);
        checkFraction("test", testFraction);
        if (validationFraction + testFraction >= 1.0) {
            throw new DataException("split: validation fraction " + validationFraction + " plus test fraction "
                    + testFraction + " must be less than 1");
        }
        if (stratify && !data.isClassification()) {
            throw new DataException("split: " + data.name() + " is a regression data set and cannot be stratified");
        }
        int n = data.size();
        int nTest = (int) Math.round(n * testFraction);
        int nVal = (int) Math.round(n * validationFraction);
        if (n - nTest - nVal <= 0) {
            throw new DataException("split: " + n + " samples of " + data.name() + " leave none for training after "
                    + nVal + " for validation and " + nTest + " for testing");
        }
        RandomStream rng = RandomStream.of(seed).fork("split");
        int[] part = new int[n]; // 0 train, 1 validation, 2 test
        if (!stratify) {
            int[] perm = rng.permutation(n);
            for (int r = 0; r < n; r++) {
                part[perm[r]] = r < nTest ? 2 : r < nTest + nVal ? 1 : 0;
            }
        } else {
            int[] labels = data.labels();
            int[] sizes = data.classCounts();
            int k = sizes.length;
            int[] testCounts = apportion(sizes, nTest, sizes);
            int[] room = new int[k];
            for (int c = 0; c < k; c++) {
                room[c] = sizes[c] - testCounts[c];
            }
            int[] valCounts = apportion(sizes, nVal, room);
            int[][] members = new int[k][];
            int[] fill = new int[k];
            for (int c = 0; c < k; c++) {
                members[c] = new int[sizes[c]];
            }
            for (int i = 0; i < n; i++) {
                members[labels[i]][fill[labels[i]]++] = i;
            }
            for (int c = 0; c < k; c++) {
                rng.shuffle(members[c]);
                for (int r = 0; r < sizes[c]; r++) {
                    part[members[c][r]] = r < testCounts[c] ? 2 : r < testCounts[c] + valCounts[c] ? 1 : 0;
                }
            }
        }
        return new Split(data.subset(indicesOf(part, 0)), data.subset(indicesOf(part, 1)),
                data.subset(indicesOf(part, 2)));
    }

    /**
     * Shares {@code total} among groups in proportion to {@code weights} (largest remainder, ties to the lower
     * index), never giving a group more than its {@code cap}.
     */
    static int[] apportion(int[] weights, int total, int[] cap) {
        int k = weights.length;
        long sum = 0;
        for (int w : weights) {
            sum += w;
        }
        int[] out = new int[k];
        long[] remainder = new long[k];
        int given = 0;
        for (int c = 0; c < k; c++) {
            long q = (long) weights[c] * total;
            out[c] = (int) Math.min(q / sum, cap[c]);
            remainder[c] = q % sum;
            given += out[c];
        }
        Integer[] order = new Integer[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> remainder[a] != remainder[b] ? Long.compare(remainder[b], remainder[a])
                : Integer.compare(a, b));
        while (given < total) {
            boolean progress = false;
            for (int r = 0; r < k && given < total; r++) {
                int c = order[r];
                if (out[c] < cap[c]) {
                    out[c]++;
                    given++;
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException("apportion: " + total + " exceeds the total capacity");
            }
        }
        return out;
    }

    private static int[] indicesOf(int[] part, int which) {
        int m = 0;
        for (int p : part) {
            if (p == which) {
                m++;
            }
        }
        int[] out = new int[m];
        int r = 0;
        for (int i = 0; i < part.length; i++) {
            if (part[i] == which) {
                out[r++] = i;
            }
        }
        return out;
    }

    private static void checkFraction(String what, double f) {
        if (!(f >= 0.0 && f < 1.0)) {
            throw new DataException("split: the " + what + " fraction must be in [0, 1), got " + f);
        }
    }
}
