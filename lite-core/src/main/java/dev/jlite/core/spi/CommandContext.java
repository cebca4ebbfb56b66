package dev.jlite.core.spi;

import java.nio.file.Path;

/**
 * What an {@link AddonCommand} gets to work with: configuration resolved as a build would resolve it,
 * core's services, and its output.
 */
public interface CommandContext extends AddonContext {

    /** A path given on the command line: relative ones start from the working folder. */
    Path path(String argument);

    /** Prints one line of the command's result to standard output. */
    void print(String line);

    /** Reports wrong arguments: the command exits with 2, after printing its synopsis. */
    void usage(String message);
}
