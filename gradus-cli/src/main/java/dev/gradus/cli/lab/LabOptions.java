package dev.gradus.cli.lab;

import dev.gradus.lab.Preset;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The options shared by {@code gradus lab} and {@code gradus lab run}: preset, seeds and report directory. They
 * may be given before or after {@code run} ({@link #merge}); none is ever silently ignored.
 */
final class LabOptions {
    /** The option names, as {@link #merge} checks them. */
    static final List<String> NAMES = List.of("--preset", "--seed", "--seeds", "--out");

    @Option(names = "--preset", paramLabel = "quick|full", defaultValue = "quick", converter = PresetConverter.class,
            description = "quick (about 15 s per experiment, all seeds) or full (the paper's scale, 20 seeds). "
                    + "Default: ${DEFAULT-VALUE}.")
    Preset preset;

    @Option(names = "--seed", paramLabel = "S",
            description = "The first seed of every experiment: an experiment over n seeds runs S, S+1, ..., S+n-1. "
                    + "By default each starts from its own fixed seed.")
    Long seed;

    @Option(names = "--seeds", paramLabel = "N",
            description = "The number of seeds of every stochastic experiment, instead of its own count for the "
                    + "preset (at least 5 quick, 20 full). Deterministic experiments run once and say so.")
    Integer seeds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "lab-report",
            description = "Report directory (index.html, results.json, one directory per experiment). "
                    + "Default: ./${DEFAULT-VALUE}.")
    Path out;

    /**
     * The options in effect for {@code gradus lab [OPTIONS] run [OPTIONS]}: each one from wherever it was given.
     *
     * @throws IllegalArgumentException when an option is given both before and after {@code run} with different
     *     values
     */
    static LabOptions merge(LabOptions before, ParseResult beforeParse, LabOptions after, ParseResult afterParse) {
        LabOptions m = new LabOptions();
        m.preset = after.preset;
        m.seed = after.seed;
        m.seeds = after.seeds;
        m.out = after.out;
        for (String name : NAMES) {
            boolean early = beforeParse != null && beforeParse.hasMatchedOption(name);
            boolean late = afterParse.hasMatchedOption(name);
            if (!early) {
                continue;
            }
            String a = beforeParse.matchedOption(name).stringValues().toString();
            if (late) {
                String b = afterParse.matchedOption(name).stringValues().toString();
                if (!a.equals(b)) {
                    throw new IllegalArgumentException(name + " is given twice with different values: "
                            + strip(a) + " before 'run' and " + strip(b) + " after it");
                }
                continue;
            }
            switch (name) {
                case "--preset" -> m.preset = before.preset;
                case "--seed" -> m.seed = before.seed;
                case "--seeds" -> m.seeds = before.seeds;
                default -> m.out = before.out;
            }
        }
        return m;
    }

    /** The options that were given on the command line {@code parse} describes, in their order. */
    static List<String> given(ParseResult parse) {
        return NAMES.stream().filter(parse::hasMatchedOption).toList();
    }

    private static String strip(String listText) {
        return listText.substring(1, listText.length() - 1);
    }

    /** Parses {@code quick} or {@code full} in any case, with the lab's own error message. */
    static final class PresetConverter implements ITypeConverter<Preset> {
        @Override
        public Preset convert(String value) {
            try {
                return Preset.parse(value);
            } catch (IllegalArgumentException e) {
                // picocli prints a TypeConversionException's message as it is, any other with its class name
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
