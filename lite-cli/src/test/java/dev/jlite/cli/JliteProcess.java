package dev.jlite.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real command from the built jars, in its own JVM, as a user runs it. */
final class JliteProcess {

    record Ran(int code, String out, String err) {
        String all() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private JliteProcess() {
    }

    /**
     * Runs {@code jlite args...} in {@code workingDir} with the inherited environment (so that npm, its
     * configuration and its cache are the user's), minus {@code JUPYTERLITE_*}, {@code SOURCE_DATE_EPOCH}, pip's
     * configuration and the user's addon jars, plus {@code env}.
     */
    static Ran run(Path workingDir, Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = builder(workingDir, env, args);
        Path out = Files.createTempFile("jlite-out", ".txt");
        Path err = Files.createTempFile("jlite-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("jlite " + String.join(" ", args) + " did not finish in 10 minutes");
            }
            return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Starts {@code jlite args...} as {@link #run} does, its output discarded, for a test to stop it (e.g. with SIGKILL). */
    static Process start(Path workingDir, Map<String, String> env, String... args) throws java.io.IOException {
        return builder(workingDir, env, args).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static ProcessBuilder builder(Path workingDir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-p", BuiltJars.modulePath(), "-m", "dev.jlite.cli/dev.jlite.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("JUPYTERLITE_") || k.equals("SOURCE_DATE_EPOCH") || k.startsWith("PIP_"));
        // pip's own configuration files stay out too, as pip itself reads none with this
        pb.environment().put("PIP_CONFIG_FILE", "/dev/null");
        // the user's own addon jars stay out: no JLITE_ADDON_PATH, and a per-user addons folder that does not exist
        pb.environment().remove(AddonPath.ENV);
        pb.environment().put("XDG_DATA_HOME", workingDir.resolve(".no-user-addons").toAbsolutePath().toString());
        pb.environment().putAll(env);
        return pb;
    }
}
