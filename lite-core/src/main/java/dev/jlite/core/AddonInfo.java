package dev.jlite.core;

/**
 * Where an addon came from.
 *
 * @param id          the addon's id
 * @param version     the version of its module (from the module descriptor), or {@code unversioned}
 * @param module      the module that provides it ({@code unnamed} on the class path)
 * @param location    the jar or folder it was loaded from, or {@code unknown}
 * @param description its one-line description
 * @param configName  the configuration class it reads
 */
public record AddonInfo(String id, String version, String module, String location, String description,
                        String configName) {
}
