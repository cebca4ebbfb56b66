package dev.jlite.core.internal.config;

import dev.jlite.core.spi.Diagnostic;
import dev.jlite.core.spi.Setting;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every declared setting, by configuration class, and the CLI names that reach them. The first claim of
 * a CLI name wins (core's come first); a later claim is refused with a warning, as the reference does.
 */
public final class SettingsCatalog {

    /** A CLI name and the setting it sets. */
    public record CliName(String name, String className, Setting<?> setting, boolean isFlag) {
    }

    private final Map<String, Map<String, Setting<?>>> byClass = new TreeMap<>();
    private final Map<String, CliName> cliNames = new LinkedHashMap<>();
    private final List<Diagnostic> problems = new ArrayList<>();

    /** Adds a class's settings; {@code owner} names who declares them, for messages. */
    public void add(String owner, String className, List<Setting<?>> settings) {
        Map<String, Setting<?>> byName = byClass.computeIfAbsent(className, c -> new LinkedHashMap<>());
        for (Setting<?> s : settings) {
            if (byName.putIfAbsent(s.name(), s) != null) {
                problems.add(Diagnostic.warning(owner, "setting " + className + "." + s.name()
                        + " is declared twice; the first declaration is used"));
                continue;
            }
            s.alias().ifPresent(a -> claim(owner, new CliName(a, className, s, false)));
            s.flag().ifPresent(f -> claim(owner, new CliName(f, className, s, true)));
        }
    }

    private void claim(String owner, CliName name) {
        CliName existing = cliNames.putIfAbsent(name.name(), name);
        if (existing != null) {
            problems.add(Diagnostic.warning(owner, "--" + name.name() + " cannot be redefined: it already sets "
                    + existing.className() + "." + existing.setting().name()));
        }
    }

    public boolean hasClass(String className) {
        return byClass.containsKey(className);
    }

    public Optional<Setting<?>> find(String className, String name) {
        return Optional.ofNullable(byClass.getOrDefault(className, Map.of()).get(name));
    }

    public Map<String, Setting<?>> settings(String className) {
        return Collections.unmodifiableMap(byClass.getOrDefault(className, Map.of()));
    }

    public List<String> classNames() {
        return List.copyOf(byClass.keySet());
    }

    public Optional<CliName> cliName(String name) {
        return Optional.ofNullable(cliNames.get(name));
    }

    /** Every CLI alias and flag, in declaration order. */
    public List<CliName> cliNames() {
        return List.copyOf(cliNames.values());
    }

    public List<Diagnostic> problems() {
        return List.copyOf(problems);
    }
}
