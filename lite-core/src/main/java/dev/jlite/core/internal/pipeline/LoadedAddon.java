package dev.jlite.core.internal.pipeline;

import dev.jlite.core.AddonInfo;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.AddonConfig;

/** An addon taking part in a run, with where it came from and its resolved configuration. */
public record LoadedAddon(Addon addon, AddonInfo info, AddonConfig config) {

    String id() {
        return info.id();
    }
}
