package dev.jlite.core.spi;

/**
 * A Warehouse-like wheel index ({@code all.json}) that an extension publishes through its
 * {@code package.json}'s {@code piplite.wheelDir}, for the piplite addon to add to {@code pipliteUrls}.
 *
 * @param extension the extension's name
 * @param path      the {@code all.json}, relative to the output
 * @param sha256    the digest of that {@code all.json}, for the {@code ?sha256=} cache-buster
 */
public record WheelIndex(String extension, String path, String sha256) {

    /** The {@code ./}-relative URL the front end resolves from the root configuration. */
    public String url() {
        return "./" + path + "?sha256=" + sha256;
    }
}
