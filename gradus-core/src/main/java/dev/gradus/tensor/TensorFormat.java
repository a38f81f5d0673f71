package dev.gradus.tensor;

/** Renders a tensor as text for {@link Tensor#toString()}: the shape, then nested brackets like NumPy. */
final class TensorFormat {
    private static final int EDGE = 3;

    private TensorFormat() {}

    static String format(Tensor t) {
        int[] s = t.shapeRef();
        StringBuilder sb = new StringBuilder("Tensor").append(Shapes.str(s));
        if (s.length == 0) {
            return sb.append(' ').append(t.data()[0]).toString();
        }
        sb.append(s.length > 1 ? "\n" : " ");
        append(sb, t.data(), s, Shapes.strides(s), 0, 0);
        return sb.toString();
    }

    private static void append(StringBuilder sb, double[] d, int[] s, int[] st, int dim, int off) {
        sb.append('[');
        int n = s[dim];
        boolean cut = n > 2 * EDGE;
        for (int i = 0; i < n; i++) {
            if (cut && i == EDGE) {
                sb.append("...");
                i = n - EDGE;
                separate(sb, s, dim);
            }
            if (dim == s.length - 1) {
                sb.append(d[off + i * st[dim]]);
            } else {
                append(sb, d, s, st, dim + 1, off + i * st[dim]);
            }
            if (i < n - 1) {
                separate(sb, s, dim);
            }
        }
        sb.append(']');
    }

    private static void separate(StringBuilder sb, int[] s, int dim) {
        sb.append(',');
        if (dim == s.length - 1) {
            sb.append(' ');
        } else {
            sb.append("\n".repeat(s.length - 1 - dim)).append(" ".repeat(dim + 1));
        }
    }
}
