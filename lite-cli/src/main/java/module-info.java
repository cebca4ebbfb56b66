/**
 * The {@code jlite} command line, also available in-process as the {@code jlite} tool provider.
 *
 * @uses dev.jlite.core.spi.Addon (through core, on the module path)
 * @provides java.util.spi.ToolProvider {@code jlite}
 */
module dev.jlite.cli {
    requires dev.jlite.core;
    requires info.picocli;

    provides java.util.spi.ToolProvider with dev.jlite.cli.JliteTool;
}
