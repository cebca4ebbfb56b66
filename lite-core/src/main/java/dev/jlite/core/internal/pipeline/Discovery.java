package dev.jlite.core.internal.pipeline;

import dev.jlite.core.AddonInfo;
import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.Diagnostic;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.security.CodeSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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

    /**
     * Addons provided in the given layers and their ancestors (and, when core is on the class path, through
     * META-INF/services). An addon module built for another jlite ({@link SpiVersion}) is not loaded: none
     * of its code runs, and an error says why.
     */
    public static Discovery fromLayers(List<ModuleLayer> layers) {
        Discovery d = new Discovery();
        Map<String, Site> providers = new HashMap<>();
        Set<Module> refused = new HashSet<>();
        for (ModuleLayer layer : withAncestors(layers)) {
            d.check(layer, providers, refused);
        }
        List<Candidate> candidates = new ArrayList<>();
        Set<Class<?>> seen = new HashSet<>();
        for (ModuleLayer layer : layers) {
            d.collect(ServiceLoader.load(layer, Addon.class), seen, candidates, providers, refused);
        }
        if (!Addon.class.getModule().isNamed()) {
            d.collect(ServiceLoader.load(Addon.class, Addon.class.getClassLoader()), seen, candidates, providers, refused);
        }
        candidates.sort(Comparator.comparing(c -> c.type().getName()));
        for (Candidate c : candidates) {
            try {
                d.accept(c.provider().get());
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                Throwable cause = e instanceof ServiceConfigurationError && e.getCause() != null ? e.getCause() : e;
                String what = cause instanceof LinkageError ? AddonFailures.cause(cause)
                        : "its constructor threw " + AddonFailures.cause(cause);
                d.problems.add(Diagnostic.error(SOURCE, "addon " + c.type().getName() + " (" + where(c.type())
                        + ") could not be created: " + what + ", so it was not loaded; " + AddonFailures.fix(c.type(), cause))
                        .withCause(e));
            }
        }
        d.finish();
        return d;
    }

    /** The layers and their ancestors, each once, children first. */
    private static List<ModuleLayer> withAncestors(List<ModuleLayer> layers) {
        List<ModuleLayer> out = new ArrayList<>();
        ArrayDeque<ModuleLayer> todo = new ArrayDeque<>(layers);
        while (!todo.isEmpty()) {
            ModuleLayer layer = todo.removeFirst();
            if (out.stream().noneMatch(l -> l == layer)) {
                out.add(layer);
                todo.addAll(layer.parents());
            }
        }
        return out;
    }

    /** Notes the addon providers of a layer, and refuses the modules built for another jlite. */
    private void check(ModuleLayer layer, Map<String, Site> providers, Set<Module> refused) {
        List<ResolvedModule> modules = new ArrayList<>(layer.configuration().modules());
        modules.sort(Comparator.comparing(ResolvedModule::name));
        for (ResolvedModule rm : modules) {
            List<String> names = rm.reference().descriptor().provides().stream()
                    .filter(p -> p.service().equals(Addon.class.getName()))
                    .flatMap(p -> p.providers().stream()).toList();
            if (names.isEmpty() || rm.name().equals(SpiVersion.CORE_MODULE)) {
                continue;
            }
            String location = rm.reference().location().map(URI::toString).map(Discovery::shorten).orElse("unknown");
            String removal = layer == Addon.class.getModule().getLayer() ? "remove its jar" : "take its jar out of the addon path";
            Optional<String> problem = SpiVersion.problem(rm.name(), location, rm.reference().descriptor(),
                    () -> SpiVersion.manifestValue(rm.reference()), SpiVersion.coreVersion(), removal);
            names.forEach(n -> providers.putIfAbsent(n, new Site("module " + rm.name() + ", " + location, problem.isPresent())));
            if (problem.isPresent()) {
                problems.add(Diagnostic.error(SOURCE, problem.get()).about(location));
                layer.findModule(rm.name()).ifPresent(refused::add);
            }
        }
    }

    private void collect(ServiceLoader<Addon> loader, Set<Class<?>> seen, List<Candidate> into, Map<String, Site> providers,
                         Set<Module> refused) {
        var it = loader.stream().iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return;
                }
                ServiceLoader.Provider<Addon> p = it.next();
                if (!refused.contains(p.type().getModule()) && seen.add(p.type())) {
                    into.add(new Candidate(p.type(), p));
                }
            } catch (ServiceConfigurationError e) {
                loadFailure(e, providers);
            }
        }
    }

    /** A provider whose class could not be loaded: names it, its module and jar when the message lets us. */
    private void loadFailure(ServiceConfigurationError e, Map<String, Site> providers) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Optional<String> provider = providers.keySet().stream().filter(message::contains)
                .max(Comparator.comparingInt(String::length));
        if (provider.isPresent() && providers.get(provider.get()).refused()) {
            return; // its module was refused for another SPI, and that error says it all
        }
        String prefix = Addon.class.getName() + ": ";
        String reason = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        Throwable cause = e.getCause();
        if (cause instanceof LinkageError) {
            reason = AddonFailures.cause(cause);
        } else if (cause != null) {
            reason = reason + ": " + AddonFailures.cause(cause);
        }
        String fix = cause != null && AddonFailures.isOtherSpi(cause)
                ? "use a version of the addon built for jlite " + SpiVersion.supported() + ", or remove its jar"
                : "fix the addon, or remove its jar";
        String who = provider.map(p -> "addon " + p + " (" + providers.get(p).where() + ")").orElse("an addon");
        problems.add(Diagnostic.error(SOURCE, who + " could not be loaded (" + reason + "); " + fix).withCause(e));
    }

    /** Where a provider class is declared, and whether its module was refused. */
    private record Site(String where, boolean refused) {
    }

    /** Exactly these addons (for tests and embedding). */
    public static Discovery of(List<? extends Addon> addons) {
        Discovery d = new Discovery();
        addons.forEach(d::accept);
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
        } catch (RuntimeException | LinkageError e) {
            problems.add(Diagnostic.error(SOURCE, "addon " + type.getName() + " (" + where(type)
                    + ") failed to describe itself: " + AddonFailures.cause(e) + ", so it was not loaded; "
                    + AddonFailures.fix(type, e)).withCause(e));
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
        Map<String, List<DiscoveredAddon>> byId = addons.stream()
                .collect(Collectors.groupingBy(a -> a.info().id(), LinkedHashMap::new, Collectors.toList()));
        for (var e : byId.entrySet()) {
            if (e.getValue().size() > 1) {
                String which = e.getValue().stream().map(a -> a.addon().getClass().getName() + " (module " + a.info().module()
                        + ", " + a.info().location() + ")").collect(Collectors.joining(" and "));
                problems.add(Diagnostic.error(SOURCE, "two addons have the id '" + e.getKey() + "': " + which
                        + "; remove one of the jars"));
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

    private record Candidate(Class<?> type, ServiceLoader.Provider<Addon> provider) {
    }
}
