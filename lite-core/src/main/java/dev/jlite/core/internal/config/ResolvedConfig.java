package dev.jlite.core.internal.config;

import dev.jlite.core.spi.AddonConfig;
import dev.jlite.core.spi.Setting;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The outcome of applying every configuration layer: values per class, their origins, and where things are. */
public final class ResolvedConfig {

    private final SettingsCatalog catalog;
    private final Map<String, ClassValues> classes;
    private final Path workingDir;
    private final Path liteDir;
    private final Optional<Path> configFile;
    private final Map<String, String> environment;

    ResolvedConfig(SettingsCatalog catalog, Map<String, ClassValues> classes, Path workingDir, Path liteDir,
                   Optional<Path> configFile, Map<String, String> environment) {
        this.catalog = catalog;
        this.classes = classes;
        this.workingDir = workingDir;
        this.liteDir = liteDir;
        this.configFile = configFile;
        this.environment = Map.copyOf(environment);
    }

    public Path workingDir() {
        return workingDir;
    }

    public Path liteDir() {
        return liteDir;
    }

    /** The configuration file that was read, if any. */
    public Optional<Path> configFile() {
        return configFile;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** Where a value came from; {@link Origin#DEFAULT} when nothing set it. */
    public Origin origin(String className, String name) {
        ClassValues values = classes.get(className);
        return values == null ? Origin.DEFAULT : values.origins.getOrDefault(name, Origin.DEFAULT);
    }

    /** The view an addon (or core) reads its class through. */
    public AddonConfig forClass(String className) {
        ClassValues values = classes.get(className);
        ObjectNode copy = values == null ? JsonNodeFactory.instance.objectNode() : values.values.deepCopy();
        Map<String, Setting<?>> declared = catalog.settings(className);
        return new AddonConfig() {
            @Override
            public String className() {
                return className;
            }

            @Override
            public <T> Optional<T> find(Setting<T> setting) {
                requireDeclared(setting);
                JsonNode v = copy.get(setting.name());
                if (v == null) {
                    return setting.defaultValue().map(setting::read);
                }
                return v.isNull() ? Optional.empty() : Optional.of(setting.read(v));
            }

            @Override
            public boolean isSet(Setting<?> setting) {
                requireDeclared(setting);
                return copy.has(setting.name());
            }

            private void requireDeclared(Setting<?> setting) {
                if (!setting.equals(declared.get(setting.name()))) {
                    throw new IllegalArgumentException(className + "." + setting.name() + " is not a declared setting");
                }
            }

            @Override
            public ObjectNode values() {
                ObjectNode all = JsonNodeFactory.instance.objectNode();
                declared.values().forEach(s -> s.defaultValue().ifPresent(d -> all.set(s.name(), d.deepCopy())));
                copy.properties().forEach(e -> all.set(e.getKey(), e.getValue().deepCopy()));
                return all;
            }
        };
    }
}
