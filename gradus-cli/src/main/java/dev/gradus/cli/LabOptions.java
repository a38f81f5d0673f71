package dev.gradus.cli;

import dev.gradus.lab.Preset;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The options shared by {@code gradus lab} and {@code gradus lab run}: preset, seed and report directory. */
final class LabOptions {
    @Option(names = "--preset", paramLabel = "quick|full", defaultValue = "quick", converter = PresetConverter.class,
            description = "quick (seconds to a minute per experiment) or full (the paper's scale). Default: ${DEFAULT-VALUE}.")
    Preset preset;

    @Option(names = "--seed", paramLabel = "S",
            description = "One seed for every experiment; by default each uses its own fixed seed.")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "lab-report",
            description = "Report directory (index.html, results.json, one directory per experiment). "
                    + "Default: ./${DEFAULT-VALUE}.")
    Path out;

    /** Parses {@code quick} or {@code full} in any case, with the lab's own error message. */
    static final class PresetConverter implements ITypeConverter<Preset> {
        @Override
        public Preset convert(String value) {
            try {
                return Preset.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
