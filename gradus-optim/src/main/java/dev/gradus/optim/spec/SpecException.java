package dev.gradus.optim.spec;

/**
 * A spec that cannot be parsed or built: names what was wrong, where (the column, with the text and a
 * caret under the place when the text is known) and what is allowed.
 *
 * <pre>
 * spec: unknown keyword 'betas1' for adam at column 15; allowed: lr, betas, eps, weight_decay, amsgrad
 *   adam(lr=1e-3, betas1=0.9)
 *                 ^
 * </pre>
 */
public final class SpecException extends IllegalArgumentException {
    private final String problem;
    private final int pos;
    private final String text;

    /** A problem at offset {@code pos} (or -1 when unknown) of a text not yet known. */
    public SpecException(String problem, int pos) {
        this(problem, pos, null);
    }

    private SpecException(String problem, int pos, String text) {
        super(render(problem, pos, text));
        this.problem = problem;
        this.pos = pos;
        this.text = text;
    }

    /** The same problem, with the text it was found in so that the message can point at the place. */
    public SpecException in(String source) {
        return text != null ? this : new SpecException(problem, pos, source);
    }

    /** What was wrong, without the position. */
    public String problem() {
        return problem;
    }

    /** The zero-based offset in the text, or -1. */
    public int offset() {
        return pos;
    }

    /** The one-based column in the text, or -1. */
    public int column() {
        return pos < 0 ? -1 : pos + 1;
    }

    private static String render(String problem, int pos, String text) {
        StringBuilder sb = new StringBuilder("spec: ");
        int cut = problem.indexOf("; ");
        // The column goes right after the "what" part, before the "allowed" list.
        String head = cut < 0 ? problem : problem.substring(0, cut);
        String tail = cut < 0 ? "" : problem.substring(cut);
        sb.append(head);
        if (pos >= 0) {
            sb.append(" at column ").append(pos + 1);
        }
        sb.append(tail);
        if (text != null && pos >= 0) {
            sb.append('\n').append("  ").append(text).append('\n').append("  ").append(" ".repeat(Math.min(pos, text.length())))
                    .append('^');
        }
        return sb.toString();
    }
}
