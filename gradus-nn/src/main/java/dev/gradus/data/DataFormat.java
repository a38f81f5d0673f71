package dev.gradus.data;

import java.util.Locale;
import java.util.Optional;

/** The file formats that Gradus reads data from. */
public enum DataFormat {
    /** Comma-separated values, one sample per line; see {@link CsvReader}. */
    CSV,
    /** The sparse LIBSVM / SVMlight format {@code label idx:val ...}; see {@link LibsvmReader}. */
    LIBSVM,
    /** The IDX format of MNIST: an images file paired with a labels file; see {@link IdxReader}. */
    IDX;

    /** The format named {@code name} ({@code csv}, {@code libsvm} or {@code idx}, any case). */
    public static DataFormat parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "csv" -> CSV;
            case "libsvm", "svmlight" -> LIBSVM;
            case "idx" -> IDX;
            default -> throw new DataException("unknown data format '" + name + "': expected csv, libsvm or idx");
        };
    }

    /**
     * The format that a file name implies, ignoring a trailing {@code .gz}: {@code .csv}, {@code .tsv} and
     * {@code .txt} are CSV; {@code .libsvm}, {@code .svm} and {@code .svmlight} are LIBSVM; names with
     * {@code idx1}, {@code idx3} or {@code -ubyte} (as in {@code train-images-idx3-ubyte}) are IDX.
     */
    public static Optional<DataFormat> fromFileName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".csv") || n.endsWith(".tsv") || n.endsWith(".txt")) {
            return Optional.of(CSV);
        }
        if (n.endsWith(".libsvm") || n.endsWith(".svm") || n.endsWith(".svmlight")) {
            return Optional.of(LIBSVM);
        }
        if (n.endsWith("-ubyte") || n.endsWith(".idx") || n.contains("idx1") || n.contains("idx3")) {
            return Optional.of(IDX);
        }
        return Optional.empty();
    }

    /** The lower-case name used on the command line. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
