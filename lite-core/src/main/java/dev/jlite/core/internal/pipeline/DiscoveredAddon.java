package dev.jlite.core.internal.pipeline;

import dev.jlite.core.AddonInfo;
import dev.jlite.core.spi.Addon;

/** An addon instance and where it came from. */
public record DiscoveredAddon(Addon addon, AddonInfo info) {
}
