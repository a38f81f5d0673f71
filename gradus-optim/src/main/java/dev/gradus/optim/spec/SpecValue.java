package dev.gradus.optim.spec;

import java.util.List;
import java.util.Objects;

/**
 * The syntax tree of an optimizer spec such as {@code adamw(lr=1e-3, betas=(0.9, 0.999))}: numbers,
 * integers, booleans, strings, tuples and calls with positional and keyword arguments.
 *
 * <p>Every node remembers the offset in the text where it started ({@link #pos()}), so that errors found
 * after parsing (an unknown keyword, a value out of range) can still point at the place. Positions are
 * not part of equality: two trees are equal when they print the same. Numbers compare by their bits, so
 * {@code nan} equals {@code nan} and {@code 0.0} differs from {@code -0.0}.
 */
public sealed interface SpecValue {

    /** Offset of the first character of this value in the parsed text, or -1 when built in code. */
    int pos();

    /** A floating-point literal such as {@code 1e-3}, {@code 0.9}, {@code inf} or {@code nan}. */
    record Num(double value, int pos) implements SpecValue {
        /** A number built in code. */
        public Num(double value) {
            this(value, -1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Num n && Double.doubleToLongBits(n.value) == Double.doubleToLongBits(value);
        }

        @Override
        public int hashCode() {
            return Double.hashCode(value);
        }
    }

    /** An integer literal (no decimal point or exponent), such as {@code 1000}. */
    record Int(long value, int pos) implements SpecValue {
        /** An integer built in code. */
        public Int(long value) {
            this(value, -1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Int n && n.value == value;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(value);
        }
    }

    /** {@code true} or {@code false}. */
    record Bool(boolean value, int pos) implements SpecValue {
        /** A boolean built in code. */
        public Bool(boolean value) {
            this(value, -1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bool b && b.value == value;
        }

        @Override
        public int hashCode() {
            return Boolean.hashCode(value);
        }
    }

    /** A quoted string such as {@code "*.bias"}. */
    record Str(String value, int pos) implements SpecValue {
        /** A string built in code. */
        public Str(String value) {
            this(value, -1);
        }

        public Str {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Str s && s.value.equals(value);
        }

        @Override
        public int hashCode() {
            return value.hashCode();
        }
    }

    /** A parenthesised tuple such as {@code (0.9, 0.999)}; a one-element tuple prints as {@code (x,)}. */
    record Tuple(List<SpecValue> items, int pos) implements SpecValue {
        /** A tuple built in code. */
        public Tuple(List<SpecValue> items) {
            this(items, -1);
        }

        public Tuple {
            items = List.copyOf(items);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tuple t && t.items.equals(items);
        }

        @Override
        public int hashCode() {
            return items.hashCode();
        }
    }

    /** One {@code name=value} argument of a call; {@code pos} is where the name starts. */
    record Kwarg(String name, SpecValue value, int pos) {
        /** A keyword argument built in code. */
        public Kwarg(String name, SpecValue value) {
            this(name, value, -1);
        }

        public Kwarg {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Kwarg k && k.name.equals(name) && k.value.equals(value);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + value.hashCode();
        }
    }

    /**
     * A call: a registered name with positional arguments (only combinators such as {@code chain} take
     * them) followed by keyword arguments, in the order written.
     */
    record Call(String name, List<SpecValue> args, List<Kwarg> kwargs, int pos) implements SpecValue {
        /** A call built in code. */
        public Call(String name, List<SpecValue> args, List<Kwarg> kwargs) {
            this(name, args, kwargs, -1);
        }

        public Call {
            Objects.requireNonNull(name, "name");
            args = List.copyOf(args);
            kwargs = List.copyOf(kwargs);
        }

        /** The keyword argument named {@code name}, or null. */
        public Kwarg kwarg(String name) {
            for (Kwarg k : kwargs) {
                if (k.name().equals(name)) {
                    return k;
                }
            }
            return null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Call c && c.name.equals(name) && c.args.equals(args) && c.kwargs.equals(kwargs);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, args, kwargs);
        }

        @Override
        public String toString() {
            return SpecPrinter.print(this);
        }
    }
}
