package dev.gradus.optim.combine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Selects parameter names by glob patterns, as {@code masked} and {@code partition} use them:
 * {@code *} matches any run of characters (dots included), {@code ?} one character. A pattern starting
 * with {@code !} excludes; the last pattern that matches a name decides, as in {@code .gitignore}, so
 * {@code ("*", "!*.bias", "!*norm*")} selects every parameter except biases and normalisation gains.
 * When the first pattern is an exclusion, everything starts selected: {@code ("!*.bias",)} is every
 * parameter but the biases.
 */
public final class NameGlobs implements Predicate<String> {
    private final List<String> patterns;
    private final List<Pattern> compiled = new ArrayList<>();
    private final boolean[] negated;

    /** A selection by {@code patterns}, in order. */
    public NameGlobs(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.negated = new boolean[patterns.size()];
        for (int k = 0; k < patterns.size(); k++) {
            String p = patterns.get(k);
            negated[k] = p.startsWith("!");
            compiled.add(compile(negated[k] ? p.substring(1) : p));
        }
    }

    /** True when the last pattern matching {@code name} is not negated. */
    @Override
    public boolean test(String name) {
        boolean selected = negated.length > 0 && negated[0];
        for (int k = 0; k < compiled.size(); k++) {
            if (compiled.get(k).matcher(name).matches()) {
                selected = !negated[k];
            }
        }
        return selected;
    }

    /** True when the single glob {@code pattern} matches {@code name}. */
    public static boolean matches(String pattern, String name) {
        return compile(pattern).matcher(name).matches();
    }

    private static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public String toString() {
        return patterns.toString();
    }
}
