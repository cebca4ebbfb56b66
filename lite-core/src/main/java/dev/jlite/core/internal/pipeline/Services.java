package dev.jlite.core.internal.pipeline;

import dev.jlite.core.internal.files.FileOpsImpl;
import dev.jlite.core.spi.Archives;
import dev.jlite.core.spi.BuildOptions;
import dev.jlite.core.spi.Json;
import dev.jlite.core.spi.Sources;
import java.time.Clock;

/**
 * The services of one run, shared by every task.
 *
 * @param readOnly whether the run writes nothing (a status, a plan): the output is only read, the cache only consulted
 */
public record Services(BuildOptions options, Json json, FileOpsImpl files, Archives archives, Sources sources, Clock clock,
                       boolean readOnly) {
}
