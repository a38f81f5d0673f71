package dev.gradus.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns the label cells of a file into class ids with class names, or into regression targets. All readers
 * share it, so that a label means the same thing in every format.
 *
 * <p>Classes are the distinct label values in sorted order, numbered from 0, the way scikit-learn's
 * {@code LabelEncoder} numbers them; the class name keeps the original value. So MNIST's {@code 0..9} keep their
 * ids, LIBSVM's {@code -1/+1} become ids 0 and 1 named {@code "-1"} and {@code "1"}, and {@code setosa,
 * versicolor, virginica} become 0, 1, 2. Numeric labels sort by value and are named canonically
 * ({@code "+1"}, {@code "1"} and {@code "1.0"} are the same class, named {@code "1"}). A class missing from
 * a file is therefore missing from its numbering too: read train and test files together, or split one file.
 * A column that mixes numbers and names ({@code 1, 2, two}) is refused, naming the first of each.
 */
final class LabelEncoder {
    /** The encoded labels: class ids with names, or targets. */
    record Encoded(int[] classes, List<String> classNames, double[] targets) {}

    private LabelEncoder() {}

    /**
     * Encodes {@code tokens[0..n)}, the label cells read at {@code lines[i]} of {@code source}.
     *
     * @param declaredNames class names declared by the file (scikit-learn header), whose labels must then be
     *     class ids {@code 0..k-1}; null when the file declares none
     */
    static Encoded encode(String[] tokens, int n, int[] lines, String source, Task task, List<String> declaredNames) {
        if (n == 0) {
            throw new DataException(source + ": no data rows");
        }
        for (int i = 0; i < n; i++) {
            if (tokens[i].isEmpty()) {
                throw new DataException(source + ":" + lines[i] + ": the label is empty");
            }
        }
        if (declaredNames != null && task != Task.REGRESSION) {
            return declaredClasses(tokens, n, lines, source, declaredNames);
        }
        double[] values = new double[n];
        int firstNonNumeric = -1;
        boolean integral = true;
        for (int i = 0; i < n; i++) {
            double v = Numbers.parse(tokens[i]);
            values[i] = v;
            if (!Double.isFinite(v)) {
                if (firstNonNumeric < 0) {
                    firstNonNumeric = i;
                }
            } else if (v != Math.rint(v)) {
                integral = false;
            }
        }
        if (task == Task.REGRESSION || (task == Task.AUTO && firstNonNumeric < 0 && !integral)) {
            if (firstNonNumeric >= 0) {
                int i = firstNonNumeric;
                throw new DataException(source + ":" + lines[i] + ": label: "
                        + Numbers.problem(tokens[i], values[i]) + " (the task is regression)");
            }
            return new Encoded(null, List.of(), values);
        }
        if (firstNonNumeric < 0) {
            return numericClasses(values);
        }
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(values[i])) {
                // One stray word among numbers (a typo, a "?" for missing) would otherwise become a class of its own.
                int w = firstNonNumeric;
                throw new DataException(source + ":" + lines[w] + ": label '" + Numbers.abbreviate(tokens[w])
                        + "' is not a number, but the label at line " + lines[i] + " is the number '"
                        + Numbers.abbreviate(tokens[i]) + "': a label column holds numbers or class names, not both;"
                        + " fix the file or choose another label column");
            }
        }
        return stringClasses(tokens, n);
    }

    /** Class ids for numeric labels: the distinct values in increasing order. */
    static Encoded numericClasses(double[] values) {
        double[] distinct = values.clone();
        Arrays.sort(distinct);
        int k = 0;
        for (int i = 0; i < distinct.length; i++) {
            // -0.0 and 0.0 are one class; Arrays.sort puts -0.0 first
            if (i == 0 || distinct[i] != distinct[k - 1]) {
                distinct[k++] = distinct[i] == 0.0 ? 0.0 : distinct[i];
            }
        }
        distinct = Arrays.copyOf(distinct, k);
        int[] ids = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ids[i] = Arrays.binarySearch(distinct, values[i] == 0.0 ? 0.0 : values[i]);
        }
        List<String> names = new ArrayList<>(k);
        for (double v : distinct) {
            names.add(Numbers.labelName(v));
        }
        return new Encoded(ids, List.copyOf(names), null);
    }

    private static Encoded stringClasses(String[] tokens, int n) {
        TreeSet<String> sorted = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            sorted.add(tokens[i]);
        }
        Map<String, Integer> id = new HashMap<>();
        for (String s : sorted) {
            id.put(s, id.size());
        }
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = id.get(tokens[i]);
        }
        return new Encoded(ids, List.copyOf(sorted), null);
    }

    private static Encoded declaredClasses(String[] tokens, int n, int[] lines, String source, List<String> names) {
        int k = names.size();
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            double v = Numbers.parse(tokens[i]);
            if (!(v == Math.rint(v) && v >= 0 && v < k)) {
                throw new DataException(source + ":" + lines[i] + ": label '" + Numbers.abbreviate(tokens[i])
                        + "' is not a class id 0.." + (k - 1) + " (the header names " + k + " classes)");
            }
            ids[i] = (int) v;
        }
        return new Encoded(ids, List.copyOf(names), null);
    }
}
