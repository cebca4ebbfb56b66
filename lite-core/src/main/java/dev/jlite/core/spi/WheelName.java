package dev.jlite.core.spi;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a wheel's file name, {@code project-version[-build]-python-abi-platform.whl} (PEP 427), for every
 * addon that picks or checks wheels by name.
 *
 * @param project  the project as the file names it (escaped: {@code _} for {@code -})
 * @param version  the version as the file names it
 * @param build    the optional build tag, which starts with a digit
 * @param python   the Python tag, e.g. {@code py3} or {@code py2.py3}
 * @param abi      the ABI tag, e.g. {@code none}
 * @param platform the platform tag, e.g. {@code any} or {@code pyodide_2025_0_wasm32}
 */
public record WheelName(String project, String version, Optional<String> build, String python, String abi,
                        String platform) {

    private static final Pattern NAME = Pattern.compile("^([^-]+)-([^-]+)(?:-(\\d[^-]*))?-([^-]+)-([^-]+)-([^-]+)\\.whl$");

    /** The parts of {@code fileName}, or empty when it is not a wheel's name. */
    public static Optional<WheelName> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        return m.matches() ? Optional.of(new WheelName(m.group(1), m.group(2), Optional.ofNullable(m.group(3)), m.group(4),
                m.group(5), m.group(6))) : Optional.empty();
    }

    /** A project name as PEP 503 compares it: lower case, each run of {@code -_.} one {@code -}. */
    public static String normalize(String project) {
        return project.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }
}
