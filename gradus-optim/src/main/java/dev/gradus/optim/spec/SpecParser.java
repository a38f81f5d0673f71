package dev.gradus.optim.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the one-line spec syntax into a {@link SpecValue} tree, without looking anything up: whether
 * names and keywords exist is checked later by {@link Specs}.
 *
 * <pre>
 * value  := number | string | true | false | inf | nan | tuple | call
 * call   := NAME [ '(' [ arg { ',' arg } [','] ] ')' ]      (a bare NAME means NAME())
 * arg    := NAME '=' value | value                            (positional arguments come first)
 * tuple  := '(' ')' | '(' value ',' ')' | '(' value { ',' value } [','] ')'
 * number := ['+'|'-'] ( digits ['.' [digits]] | '.' digits ) [ ('e'|'E') ['+'|'-'] digits ] | ['-'] inf
 * string := '"' chars '"' | '\'' chars '\''                  (backslash escapes the quote and itself)
 * </pre>
 *
 * Python's {@code True}, {@code False} are accepted too, so that PyTorch configs carry over; a
 * parenthesised single value without a comma is that value, as in Python.
 *
 * <p>Calls and tuples may nest at most {@link #MAX_DEPTH} levels deep; a deeper spec is refused with its column
 * (the parser recurses, and real specs nest a handful of levels).
 */
public final class SpecParser {
    /** The deepest nesting of calls and tuples a spec may have. */
    public static final int MAX_DEPTH = 64;

    private final String text;
    private int i;
    private int depth;

    private SpecParser(String text) {
        this.text = text;
    }

    /** Parses a whole spec; errors carry the text and the column. */
    public static SpecValue parse(String text) {
        if (text == null) {
            throw new SpecException("spec is null", -1);
        }
        SpecParser p = new SpecParser(text);
        try {
            p.skipSpace();
            if (p.i >= text.length()) {
                throw new SpecException("empty spec; expected a name such as adam(lr=1e-3)", 0);
            }
            SpecValue v = p.value();
            p.skipSpace();
            if (p.i < text.length()) {
                throw new SpecException("unexpected '" + text.charAt(p.i) + "' after the end of the spec", p.i);
            }
            return v;
        } catch (SpecException e) {
            throw e.in(text);
        }
    }

    private SpecValue value() {
        if (depth == MAX_DEPTH) {
            throw new SpecException("the spec nests calls and tuples more than " + MAX_DEPTH + " levels deep", i);
        }
        depth++;
        try {
            return unnested();
        } finally {
            depth--;
        }
    }

    private SpecValue unnested() {
        skipSpace();
        if (i >= text.length()) {
            throw new SpecException("unexpected end of spec; expected a value", i);
        }
        char c = text.charAt(i);
        if (c == '(') {
            return tuple();
        }
        if (c == '"' || c == '\'') {
            return string();
        }
        if (c == '+' || c == '-' || c == '.' || Character.isDigit(c)) {
            return number();
        }
        if (isNameStart(c)) {
            int start = i;
            String name = name();
            switch (name) {
                case "true", "True" -> {
                    return new SpecValue.Bool(true, start);
                }
                case "false", "False" -> {
                    return new SpecValue.Bool(false, start);
                }
                case "inf" -> {
                    return new SpecValue.Num(Double.POSITIVE_INFINITY, start);
                }
                case "nan" -> {
                    return new SpecValue.Num(Double.NaN, start);
                }
                default -> {
                    return call(name, start);
                }
            }
        }
        throw new SpecException("unexpected '" + c + "'; expected a number, a string, a tuple or a name", i);
    }

    private SpecValue call(String name, int start) {
        skipSpace();
        List<SpecValue> args = new ArrayList<>();
        List<SpecValue.Kwarg> kwargs = new ArrayList<>();
        if (i >= text.length() || text.charAt(i) != '(') {
            return new SpecValue.Call(name, args, kwargs, start);
        }
        i++;
        Set<String> seen = new HashSet<>();
        skipSpace();
        while (!at(')')) {
            skipSpace();
            int argStart = i;
            if (i < text.length() && isNameStart(text.charAt(i)) && keywordFollows()) {
                String key = name();
                skipSpace();
                i++; // '='
                if (!seen.add(key)) {
                    throw new SpecException("keyword '" + key + "' given twice in " + name, argStart);
                }
                kwargs.add(new SpecValue.Kwarg(key, value(), argStart));
            } else {
                SpecValue v = value();
                if (!kwargs.isEmpty()) {
                    throw new SpecException("positional argument after keyword arguments in " + name, argStart);
                }
                args.add(v);
            }
            skipSpace();
            if (at(',')) {
                i++;
                skipSpace();
            } else if (!at(')')) {
                throw new SpecException(i >= text.length() ? "unexpected end of spec; expected ',' or ')' to close "
                        + name + "(" : "unexpected '" + text.charAt(i) + "'; expected ',' or ')' in " + name + "(", i);
            }
        }
        i++;
        return new SpecValue.Call(name, args, kwargs, start);
    }

    private SpecValue tuple() {
        int start = i;
        i++;
        List<SpecValue> items = new ArrayList<>();
        boolean comma = false;
        skipSpace();
        while (!at(')')) {
            items.add(value());
            skipSpace();
            if (at(',')) {
                comma = true;
                i++;
                skipSpace();
            } else if (!at(')')) {
                throw new SpecException(i >= text.length() ? "unexpected end of spec; expected ',' or ')' to close the tuple"
                        : "unexpected '" + text.charAt(i) + "'; expected ',' or ')' in a tuple", i);
            }
        }
        i++;
        if (items.size() == 1 && !comma) {
            return items.get(0);
        }
        return new SpecValue.Tuple(items, start);
    }

    private SpecValue string() {
        int start = i;
        char quote = text.charAt(i++);
        StringBuilder sb = new StringBuilder();
        while (i < text.length() && text.charAt(i) != quote) {
            char c = text.charAt(i++);
            if (c == '\\' && i < text.length()) {
                c = text.charAt(i++);
            }
            sb.append(c);
        }
        if (i >= text.length()) {
            throw new SpecException("unterminated string", start);
        }
        i++;
        return new SpecValue.Str(sb.toString(), start);
    }

    private SpecValue number() {
        int start = i;
        boolean negative = false;
        if (text.charAt(i) == '+' || text.charAt(i) == '-') {
            negative = text.charAt(i) == '-';
            i++;
        }
        if (text.startsWith("inf", i) && (i + 3 >= text.length() || !isNamePart(text.charAt(i + 3)))) {
            i += 3;
            return new SpecValue.Num(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, start);
        }
        int digits = 0;
        boolean integral = true;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
            digits++;
        }
        if (at('.')) {
            integral = false;
            i++;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            throw new SpecException("malformed number '" + text.substring(start, i) + "'", start);
        }
        if (at('e') || at('E')) {
            integral = false;
            int expStart = i;
            i++;
            if (at('+') || at('-')) {
                i++;
            }
            int expDigits = 0;
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                throw new SpecException("malformed exponent in '" + text.substring(start, i) + "'", expStart);
            }
        }
        if (i < text.length() && (isNamePart(text.charAt(i)) || text.charAt(i) == '.')) {
            throw new SpecException("malformed number '" + text.substring(start, i + 1) + "'", start);
        }
        String literal = text.substring(start, i);
        if (integral) {
            try {
                return new SpecValue.Int(Long.parseLong(literal.startsWith("+") ? literal.substring(1) : literal), start);
            } catch (NumberFormatException e) {
                throw new SpecException("integer '" + literal + "' does not fit in 64 bits", start);
            }
        }
        return new SpecValue.Num(Double.parseDouble(literal), start);
    }

    private boolean keywordFollows() {
        int j = i;
        while (j < text.length() && isNamePart(text.charAt(j))) {
            j++;
        }
        while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
            j++;
        }
        return j < text.length() && text.charAt(j) == '=';
    }

    private String name() {
        int start = i;
        while (i < text.length() && isNamePart(text.charAt(i))) {
            i++;
        }
        return text.substring(start, i);
    }

    private boolean at(char c) {
        return i < text.length() && text.charAt(i) == c;
    }

    private void skipSpace() {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
    }

    static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
