package dev.jlite.core.internal.pipeline;

import dev.jlite.core.AddonInfo;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.Diagnostic;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds addons with {@link ServiceLoader} (the only place in jlite that does), checks their ids, and
 * turns every failure into a diagnostic naming the provider, its module and its jar.
 */
public final class Discovery {

    public static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final String SOURCE = "core";

    private final List<DiscoveredAddon> addons = new ArrayList<>();
    private final List<Diagnostic> problems = new ArrayList<>();

    public List<DiscoveredAddon> addons() {
        return addons;
    }

    public List<Diagnostic> problems() {
        return problems;
    }

    /** Addons provided in the given layers (and, when core is on the class path, through META-INF/services). */
    public static Discovery fromLayers(List<ModuleLayer> layers) {
        List<Candidate> candidates = new ArrayList<>();
        Set<Class<?>> seen = new HashSet<>();
        Discovery d = new Discovery();
        for (ModuleLayer layer : layers) {
            d.collect(ServiceLoader.load(layer, Addon.class), seen, candidates);
        }
        if (!Addon.class.getModule().isNamed()) {
            d.collect(ServiceLoader.load(Addon.class, Addon.class.getClassLoader()), seen, candidates);
        }
        candidates.sort(Comparator.comparing(c -> c.type().getName()));
        for (Candidate c : candidates) {
            try {
                d.accept(c.provider().get());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                d.problems.add(Diagnostic.error(SOURCE, "addon " + c.type().getName() + " (" + where(c.type())
                        + ") could not be created: " + message(cause)
                        + "; remove its jar, or fix the addon").withCause(e));
            }
        }
        d.finish();
        return d;
    }

    private void collect(ServiceLoader<Addon> loader, Set<Class<?>> seen, List<Candidate> into) {
        var it = loader.stream().iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return;
                }
                ServiceLoader.Provider<Addon> p = it.next();
                if (seen.add(p.type())) {
                    into.add(new Candidate(p.type(), p));
                }
            } catch (ServiceConfigurationError e) {
                problems.add(Diagnostic.error(SOURCE, "an addon could not be loaded: " + message(e)
                        + "; remove the jar that provides it").withCause(e));
            }
        }
    }

    /** Exactly these addons (for tests and embedding). */
    public static Discovery of(List<? extends Addon> addons) {
        Discovery d = new Discovery();
        for (Addon a : addons) {
            d.accept(a);
        }
        d.finish();
        return d;
    }

    private void accept(Addon addon) {
        Class<?> type = addon.getClass();
        String id;
        String description;
        String configName;
        try {
            id = addon.id();
            description = addon.description();
            configName = addon.configName();
        } catch (RuntimeException e) {
            problems.add(Diagnostic.error(SOURCE, "addon " + type.getName() + " (" + where(type)
                    + ") failed to describe itself: " + message(e)).withCause(e));
            return;
        }
        if (id == null || !ID.matcher(id).matches()) {
            problems.add(Diagnostic.error(SOURCE, "addon " + type.getName() + " (" + where(type) + ") has the id '"
                    + id + "'; an id is lower-case letters, digits and dashes"));
            return;
        }
        addons.add(new DiscoveredAddon(addon, new AddonInfo(id, version(type), moduleName(type), location(type),
                description == null ? "" : description, configName)));
    }

    private void finish() {
        Map<String, List<DiscoveredAddon>> byId = new LinkedHashMap<>();
        for (DiscoveredAddon a : addons) {
            byId.computeIfAbsent(a.info().id(), k -> new ArrayList<>()).add(a);
        }
        for (var e : byId.entrySet()) {
            if (e.getValue().size() > 1) {
                StringBuilder sb = new StringBuilder("two addons have the id '" + e.getKey() + "': ");
                for (int i = 0; i < e.getValue().size(); i++) {
                    AddonInfo info = e.getValue().get(i).info();
                    sb.append(i == 0 ? "" : " and ").append(e.getValue().get(i).addon().getClass().getName())
                            .append(" (module ").append(info.module()).append(", ").append(info.location()).append(')');
                }
                problems.add(Diagnostic.error(SOURCE, sb + "; remove one of the jars"));
                addons.removeAll(e.getValue());
            }
        }
        addons.sort(Comparator.comparing(a -> a.info().id()));
    }

    private static String where(Class<?> type) {
        return "module " + moduleName(type) + ", " + location(type);
    }

    static String moduleName(Class<?> type) {
        Module m = type.getModule();
        return m.isNamed() ? m.getName() : "unnamed";
    }

    static String version(Class<?> type) {
        Module m = type.getModule();
        if (m.isNamed()) {
            return m.getDescriptor().version().map(ModuleDescriptor.Version::toString).orElse("unversioned");
        }
        String v = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return v == null ? "unversioned" : v;
    }

    static String location(Class<?> type) {
        Module m = type.getModule();
        if (m.isNamed() && m.getLayer() != null) {
            return m.getLayer().configuration().findModule(m.getName())
                    .flatMap((ResolvedModule rm) -> rm.reference().location())
                    .map(URI::toString).map(Discovery::shorten).orElse("unknown");
        }
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "unknown" : shorten(source.getLocation().toString());
    }

    private static String shorten(String uri) {
        return uri.startsWith("file:") ? uri.substring("file:".length()).replaceFirst("^//", "") : uri;
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private record Candidate(Class<?> type, ServiceLoader.Provider<Addon> provider) {
    }
}
