package dev.jlite.cli;

import dev.jlite.core.spi.Addon;
import dev.jlite.core.spi.Diagnostic;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * Loads the jars of the addon path as one {@link ModuleLayer}, a child of the layer that holds
 * {@code dev.jlite.core} (the boot layer when jlite runs on the module path), with one class loader whose
 * parent is core's. Modular jars are explicit modules; plain jars are automatic modules, whose addons are
 * found through their {@code META-INF/services/dev.jlite.core.spi.Addon}.
 *
 * <p>Each jar is judged on its own, so that one broken jar does not keep the others out: a file that is
 * not a jar, a module jlite already has or that two jars hold, a package that another module holds, and a
 * {@code requires} that nothing provides each leave out the jars at fault (and those that need them), with
 * one error each naming the jar and the fix; the layer is made of the rest. Should the JDK still refuse to
 * resolve or define it, the modules it refuses are found one by one, left out and reported the same way.
 * The errors go into the addon catalog, where, like any addon problem, they make builds fail.
 */
final class AddonLayer {

    private static final String SOURCE = "addon-path";
    private static final String CORE = "dev.jlite.core";
    /** At most this many package names in one message. */
    private static final int SHOWN = 3;

    /** The layers to discover addons in (the boot layer, then the addon layer if any), and the problems met. */
    record Loaded(List<ModuleLayer> layers, List<Diagnostic> problems) {

        Loaded {
            layers = List.copyOf(layers);
            problems = List.copyOf(problems);
        }
    }

    /** A jar that holds a module. */
    private record Jar(Path path, ModuleReference reference) {

        String module() {
            return reference.descriptor().name();
        }

        String named() {
            return path + " (module " + module() + ")";
        }
    }

    private final ModuleLayer parent;
    private final boolean coreIsModule;
    private final List<Diagnostic> problems = new ArrayList<>();
    /** Modules left out so far, by name, with their jars (for the message of a module that needs one). */
    private final Map<String, Path> leftOut = new TreeMap<>();

    private AddonLayer(ModuleLayer parent, boolean coreIsModule) {
        this.parent = parent;
        this.coreIsModule = coreIsModule;
    }

    /** Loads {@code jars}; with none, the boot layer alone and no problems. */
    static Loaded load(List<Path> jars) {
        if (jars.isEmpty()) {
            return new Loaded(List.of(ModuleLayer.boot()), List.of());
        }
        Module core = Addon.class.getModule();
        AddonLayer loader = new AddonLayer(core.isNamed() ? core.getLayer() : ModuleLayer.boot(), core.isNamed());
        Optional<ModuleLayer> layer = loader.define(jars);
        List<ModuleLayer> layers = new ArrayList<>();
        layers.add(ModuleLayer.boot());
        layer.ifPresent(layers::add);
        return new Loaded(layers, loader.problems);
    }

    private Optional<ModuleLayer> define(List<Path> paths) {
        Map<String, Jar> jars = new TreeMap<>();
        Map<String, List<Jar>> byName = new TreeMap<>();
        for (Path path : paths) {
            read(path).ifPresent(j -> byName.computeIfAbsent(j.module(), k -> new ArrayList<>()).add(j));
        }
        byName.forEach((name, holders) -> {
            Optional<Module> ours = parent.findModule(name);
            if (ours.isPresent()) {
                holders.forEach(j -> error(j.path, j.path + " holds the module " + name + ", which jlite already has ("
                        + location(ours.get()) + "), so it was not loaded; take it out of the addon path (jlite uses its own)"));
                return;
            }
            if (holders.size() > 1) {
                holders.forEach(j -> leftOut.put(name, j.path));
                error(holders.get(0).path, and(holders.stream().map(j -> j.path.toString()).toList())
                        + holdAndNone(holders.size(), "the module " + name) + "; keep one of them in the addon path");
                return;
            }
            jars.put(name, holders.get(0));
        });
        splitPackages(jars);
        missingModules(jars);
        return layer(jars);
    }

    /** The module a jar holds, or an error saying why it cannot be read. */
    private Optional<Jar> read(Path path) {
        // opening it is the check: a file that is no zip fails here, with the zip library's reason
        try (JarFile jar = new JarFile(path.toFile())) {
            jar.getManifest();
        } catch (IOException | SecurityException e) {
            error(path, path + " is not a jar (" + reason(e) + "), so it was not loaded; replace it with the addon's jar, or "
                    + "take it out of the addon path");
            return Optional.empty();
        }
        try {
            Set<ModuleReference> found = ModuleFinder.of(path).findAll();
            return found.stream().findFirst().map(ref -> new Jar(path, ref));
        } catch (FindException e) {
            error(path, path + " cannot be loaded as a module (" + reason(e) + "), so it was not loaded; fix its "
                    + "module-info.class or META-INF/services, or take it out of the addon path");
            return Optional.empty();
        }
    }

    /**
     * A package lives in one module: a jar holding a package of jlite's modules, or one that another jar of
     * the addon path holds too, is left out.
     */
    private void splitPackages(Map<String, Jar> jars) {
        Map<String, String> ours = ourPackages();
        for (Jar j : List.copyOf(jars.values())) {
            List<String> jdk = j.reference.descriptor().packages().stream().filter(p -> p.startsWith("java.")).sorted().toList();
            if (!jdk.isEmpty()) {
                drop(jars, j);
                error(j.path, j.named() + " holds " + packages(jdk) + ", and only the JDK may have packages named java.*, so it "
                        + "was not loaded; take it out of the addon path");
                continue;
            }
            Map<String, List<String>> clashes = new TreeMap<>();
            for (String p : new TreeSet<>(j.reference.descriptor().packages())) {
                Optional.ofNullable(ours.get(p)).ifPresent(owner -> clashes.computeIfAbsent(owner, k -> new ArrayList<>()).add(p));
            }
            if (!clashes.isEmpty()) {
                List<String> parts = new ArrayList<>();
                clashes.forEach((owner, packages) -> parts.add(packages(packages) + " of " + owner));
                drop(jars, j);
                error(j.path, j.named() + " holds " + String.join(" and ", parts)
                        + ", so it was not loaded; a package belongs to one module only: the addon must keep its classes in "
                        + "packages of its own, and not bundle a copy of a module jlite has");
            }
        }
        Map<String, Set<String>> holders = new TreeMap<>();
        for (Jar j : jars.values()) {
            j.reference.descriptor().packages().forEach(p -> holders.computeIfAbsent(p, k -> new TreeSet<>()).add(j.module()));
        }
        Map<Set<String>, List<String>> shared = new LinkedHashMap<>();
        holders.forEach((p, modules) -> {
            if (modules.size() > 1) {
                shared.computeIfAbsent(modules, k -> new ArrayList<>()).add(p);
            }
        });
        Set<String> dropped = new TreeSet<>();
        shared.forEach((modules, packages) -> {
            List<Jar> culprits = modules.stream().map(jars::get).toList();
            error(culprits.get(0).path, and(culprits.stream().map(Jar::named).toList())
                    + holdAndNone(culprits.size(), packages(packages)) + "; a package belongs to one module only: keep one of "
                    + "these jars, or move the classes into packages of their own");
            dropped.addAll(modules);
        });
        dropped.forEach(m -> drop(jars, jars.get(m)));
    }

    /** Package name -> {@code jlite's module M (location)}, for every module of the parent layers. */
    private Map<String, String> ourPackages() {
        Map<String, String> out = new HashMap<>();
        ArrayDeque<ModuleLayer> todo = new ArrayDeque<>(List.of(parent));
        Set<ModuleLayer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!todo.isEmpty()) {
            ModuleLayer layer = todo.removeFirst();
            if (seen.add(layer)) {
                layer.modules().forEach(m -> m.getPackages().forEach(p -> out.putIfAbsent(p, "jlite's module " + m.getName()
                        + " (" + location(m) + ")")));
                todo.addAll(layer.parents());
            }
        }
        if (!coreIsModule) {
            // on the class path, core's packages (and those of the rest of jlite loaded so far) are jlite's too
            Addon.class.getModule().getPackages().forEach(p -> out.putIfAbsent(p, "jlite's class path"));
        }
        return out;
    }

    /**
     * Every {@code requires} must be met by jlite or by another jar that is loaded; a module that needs one
     * that is not is left out, and so, in turn, are the modules that need it.
     */
    private void missingModules(Map<String, Jar> jars) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Jar j : List.copyOf(jars.values())) {
                Optional<String> why = unmet(j, jars);
                if (why.isPresent()) {
                    drop(jars, j);
                    error(j.path, why.get());
                    changed = true;
                }
            }
        }
    }

    /** Why a module's requires are not met, or empty. */
    private Optional<String> unmet(Jar j, Map<String, Jar> jars) {
        List<String> absent = new ArrayList<>();
        List<String> jdk = new ArrayList<>();
        List<String> unloaded = new ArrayList<>();
        List<ModuleDescriptor.Requires> requires = j.reference.descriptor().requires().stream()
                .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                .sorted(Comparator.comparing(ModuleDescriptor.Requires::name)).toList();
        for (ModuleDescriptor.Requires r : requires) {
            String name = r.name();
            if (jars.containsKey(name) || parent.findModule(name).isPresent()) {
                continue;
            }
            if (name.equals(CORE) && !coreIsModule) {
                return Optional.of(j.named() + " requires " + CORE + ", but this jlite runs on the class path, where " + CORE
                        + " is not a module, so it was not loaded; run jlite from the module path (java -p ... -m "
                        + "dev.jlite.cli/dev.jlite.cli.Main, as the jlite launcher does), or use a plain jar of the addon, "
                        + "which is found through its META-INF/services");
            }
            if (leftOut.containsKey(name)) {
                unloaded.add(name);
            } else if (ModuleFinder.ofSystem().find(name).isPresent()) {
                jdk.add(name);
            } else {
                absent.add(name);
            }
        }
        if (!absent.isEmpty()) {
            return Optional.of(j.named() + " requires " + modules(absent) + ", which " + (absent.size() == 1 ? "is" : "are")
                    + " neither in jlite nor in the addon path, so it was not loaded; put the jar of " + and(absent)
                    + " in the addon path, or take " + j.path.getFileName() + " out of it");
        }
        if (!jdk.isEmpty()) {
            return Optional.of(j.named() + " requires the JDK module" + (jdk.size() == 1 ? " " : "s ") + and(jdk) + ", which "
                    + "this jlite does not load, so it was "
                    + "not loaded; start jlite's java with --add-modules " + String.join(",", jdk) + " (the jlite launcher "
                    + "passes JLITE_JAVA_OPTS on to java), or take " + j.path.getFileName() + " out of the addon path");
        }
        if (!unloaded.isEmpty()) {
            String first = unloaded.get(0);
            return Optional.of(j.named() + " requires the module " + first + " of " + leftOut.get(first) + ", which was not "
                    + "loaded (its own error says why), so it was not loaded either; fix or replace " + leftOut.get(first)
                    + ", or take " + j.path.getFileName() + " out of the addon path");
        }
        return Optional.empty();
    }

    /**
     * Resolves and defines the layer of the remaining jars. What the checks above did not foresee (the JDK
     * has more rules) is found by trying the modules one by one; those that fail are left out.
     */
    private Optional<ModuleLayer> layer(Map<String, Jar> jars) {
        while (!jars.isEmpty()) {
            try {
                Configuration cf = resolve(jars.values(), jars.keySet());
                return Optional.of(parent.defineModulesWithOneLoader(cf, Addon.class.getClassLoader()));
            } catch (FindException | ResolutionException | LayerInstantiationException | SecurityException e) {
                List<Jar> culprits = new ArrayList<>();
                Map<Jar, RuntimeException> reasons = new LinkedHashMap<>();
                for (Jar j : jars.values()) {
                    try {
                        parent.defineModulesWithOneLoader(resolve(jars.values(), Set.of(j.module())),
                                Addon.class.getClassLoader());
                    } catch (FindException | ResolutionException | LayerInstantiationException | SecurityException one) {
                        culprits.add(j);
                        reasons.put(j, one);
                    }
                }
                if (culprits.isEmpty()) {
                    // together they fail, one by one they do not: none can be trusted
                    culprits.addAll(jars.values());
                    culprits.forEach(j -> reasons.put(j, e));
                }
                for (Jar j : culprits) {
                    drop(jars, j);
                    error(j.path, j.named() + " cannot be loaded with the other jars of the addon path (" + reason(reasons.get(j))
                            + "), so it was not loaded; take it out of the addon path, or ask its authors for a jar that loads");
                }
            }
        }
        return Optional.empty();
    }

    private Configuration resolve(Collection<Jar> jars, Set<String> roots) {
        ModuleFinder finder = ModuleFinder.of(jars.stream().map(Jar::path).toArray(Path[]::new));
        return parent.configuration().resolve(finder, ModuleFinder.of(), roots);
    }

    private void drop(Map<String, Jar> jars, Jar j) {
        jars.remove(j.module());
        leftOut.put(j.module(), j.path);
    }

    private void error(Path jar, String message) {
        problems.add(Diagnostic.error(SOURCE, "addon path: " + message).about(jar.toString()));
    }

    private String location(Module m) {
        return Optional.ofNullable(m.getLayer()).flatMap(l -> l.configuration().findModule(m.getName()))
                .flatMap((ResolvedModule rm) -> rm.reference().location()).map(AddonLayer::shorten).orElse("unknown");
    }

    private static String shorten(URI uri) {
        return uri.getScheme().equals("file") ? Path.of(uri).toString() : uri.toString();
    }

    private static String reason(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 3; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && parts.stream().noneMatch(p -> p.contains(m))) {
                parts.add(m);
            }
        }
        return parts.isEmpty() ? e.getClass().getSimpleName() : String.join(": ", parts);
    }

    private static String packages(List<String> packages) {
        String shown = packages.size() <= SHOWN ? and(packages)
                : String.join(", ", packages.subList(0, SHOWN)) + " and " + (packages.size() - SHOWN) + " more";
        return (packages.size() == 1 ? "the package " : "the packages ") + shown;
    }

    /** {@code both hold} or {@code all hold}, and who was not loaded. */
    private static String holdAndNone(int count, String what) {
        return (count == 2 ? " both hold " : " all hold ") + what + ", so " + (count == 2 ? "neither" : "none") + " of them was loaded";
    }

    private static String modules(List<String> names) {
        return (names.size() == 1 ? "the module " : "the modules ") + and(names);
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    private static String and(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return items.subList(0, items.size() - 1).stream().collect(Collectors.joining(", ")) + " and " + items.get(items.size() - 1);
    }
}
