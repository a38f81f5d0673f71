package dev.gradus.data;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Style-shifted domains built from a data set of grey-level images, for domain-generalization experiments: every
 * domain holds different images of the same classes, drawn without replacement, rotated and given its own
 * contrast and brightness. The shift changes the images' appearance (the per-image intensity statistics that
 * style-perturbation methods such as UDIM's act on, and the pose) and never the labels.
 *
 * <p>One style maps an image {@code u} with pixel values scaled to {@code [0, 1]} (by the data set's largest
 * value) to
 * <pre>
 *   v(p) = contrast · u(R⁻¹ (p − c) + c) + brightness
 * </pre>
 * where {@code R} is the rotation by {@code rotationDegrees} (counter-clockwise) about the image centre
 * {@code c}, sampled bilinearly with 0 outside the image. A negative contrast inverts the image.
 *
 * <pre>{@code
 * List<Dataset> domains = ShiftedDomains.of(Datasets.load("digits"), 8, 8, List.of(
 *         ShiftedDomains.Style.plain("source"),
 *         new ShiftedDomains.Style("dim-bright", 0, 0.5, 0.4),
 *         new ShiftedDomains.Style("rot45", 45, 1, 0)), 300, RandomStream.of(7));
 * }</pre>
 */
public final class ShiftedDomains {

    private ShiftedDomains() {}

    /**
     * One domain's style.
     *
     * @param name the domain's name (it names the data set)
     * @param rotationDegrees the rotation about the image centre, counter-clockwise, finite
     * @param contrast the intensity gain, finite and non-zero
     * @param brightness the intensity offset, finite
     */
    public record Style(String name, double rotationDegrees, double contrast, double brightness) {
        /** Validates the style. */
        public Style {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("ShiftedDomains.Style: the name must not be blank");
            }
            if (!Double.isFinite(rotationDegrees) || !Double.isFinite(contrast) || contrast == 0.0
                    || !Double.isFinite(brightness)) {
                throw new IllegalArgumentException("ShiftedDomains.Style '" + name + "': rotation "
                        + rotationDegrees + ", contrast " + contrast + ", brightness " + brightness
                        + "; all must be finite and the contrast non-zero");
            }
        }

        /** The identity style (no rotation, contrast 1, brightness 0). */
        public static Style plain(String name) {
            return new Style(name, 0.0, 1.0, 0.0);
        }
    }

    /**
     * Disjoint domains from {@code images}: {@code perDomain} images per style, drawn without replacement in the
     * order of a permutation from {@code rng}, each transformed by its style.
     *
     * @param images a classification data set whose rows are {@code height × width} images, non-negative
     */
    public static List<Dataset> of(Dataset images, int height, int width, List<Style> styles, int perDomain,
                                   RandomStream rng) {
        if (styles.isEmpty()) {
            throw new IllegalArgumentException("ShiftedDomains.of: no style given");
        }
        if (perDomain < 1 || (long) perDomain * styles.size() > images.size()) {
            throw new IllegalArgumentException("ShiftedDomains.of: " + styles.size() + " domains of " + perDomain
                    + " images need " + (long) perDomain * styles.size() + " images; " + images.name() + " has "
                    + images.size());
        }
        double scale = scaleOf(images, height, width);
        int[] order = rng.permutation(images.size());
        List<Dataset> out = new ArrayList<>(styles.size());
        for (int k = 0; k < styles.size(); k++) {
            int[] rows = new int[perDomain];
            System.arraycopy(order, k * perDomain, rows, 0, perDomain);
            out.add(transform(images.subset(rows), height, width, styles.get(k), scale));
        }
        return out;
    }

    /** Every image of {@code images} in the given style (pixel values scaled by the data set's largest value). */
    public static Dataset apply(Dataset images, int height, int width, Style style) {
        return transform(images, height, width, style, scaleOf(images, height, width));
    }

    private static double scaleOf(Dataset images, int height, int width) {
        if (!images.isClassification()) {
            throw new IllegalArgumentException("ShiftedDomains: " + images.name() + " is not a classification set");
        }
        if (height < 1 || width < 1 || (long) height * width != images.numFeatures()) {
            throw new IllegalArgumentException("ShiftedDomains: " + images.name() + " has " + images.numFeatures()
                    + " features, not " + height + " x " + width + " images");
        }
        double max = 0.0;
        for (double v : images.features().data()) {
            if (!(v >= 0.0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("ShiftedDomains: " + images.name() + " has pixel value " + v
                        + "; grey levels must be finite and >= 0");
            }
            max = Math.max(max, v);
        }
        return max > 0.0 ? 1.0 / max : 1.0;
    }

    private static Dataset transform(Dataset images, int height, int width, Style style, double scale) {
        int n = images.size();
        int d = height * width;
        double[] src = images.features().data();
        double[] out = new double[n * d];
        double angle = Math.toRadians(style.rotationDegrees());
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double cy = (height - 1) / 2.0;
        double cx = (width - 1) / 2.0;
        for (int i = 0; i < n; i++) {
            int base = i * d;
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    // Inverse map: the source point that rotates onto (r, c).
                    double dy = r - cy;
                    double dx = c - cx;
                    double sy = cy + cos * dy + sin * dx;
                    double sx = cx - sin * dy + cos * dx;
                    double u = bilinear(src, base, height, width, sy, sx) * scale;
                    out[base + r * width + c] = style.contrast() * u + style.brightness();
                }
            }
        }
        return Dataset.classification(images.name() + "/" + style.name(), Tensor.of(out, n, d), images.labels(),
                images.classNames());
    }

    private static double bilinear(double[] src, int base, int height, int width, double y, double x) {
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        double fy = y - y0;
        double fx = x - x0;
        return (1 - fy) * ((1 - fx) * pixel(src, base, height, width, y0, x0)
                + fx * pixel(src, base, height, width, y0, x0 + 1))
                + fy * ((1 - fx) * pixel(src, base, height, width, y0 + 1, x0)
                + fx * pixel(src, base, height, width, y0 + 1, x0 + 1));
    }

    private static double pixel(double[] src, int base, int height, int width, int r, int c) {
        return r < 0 || r >= height || c < 0 || c >= width ? 0.0 : src[base + r * width + c];
    }
}
