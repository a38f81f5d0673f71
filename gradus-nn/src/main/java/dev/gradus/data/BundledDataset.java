package dev.gradus.data;

/**
 * A real data set that ships inside Gradus, with where it comes from and its licence; load it with
 * {@link Datasets#load(String)}.
 *
 * @param name the name to load it by, such as {@code iris}
 * @param description what it holds: samples, features, classes
 * @param origin where it comes from and who made it
 * @param licence the licence of the data and of the copy bundled here
 */
public record BundledDataset(String name, String description, String origin, String licence) {}
