package dev.jlite.core.internal.addons;

import dev.jlite.core.spi.Addon;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Core's own addons, for catalogs built without discovery. The one list of them is the module's
 * {@code provides} (and {@code META-INF/services}, which a test holds to it): they are found there too.
 */
public final class BuiltInAddons {

    private BuiltInAddons() {
    }

    /** A new instance of each, sorted by class name. */
    public static List<Addon> create() {
        String here = BuiltInAddons.class.getPackageName();
        return ServiceLoader.load(Addon.class, BuiltInAddons.class.getClassLoader()).stream()
                .filter(p -> p.type().getPackageName().equals(here))
                .sorted(Comparator.comparing(p -> p.type().getName()))
                .map(ServiceLoader.Provider::get)
                .map(Addon.class::cast)
                .toList();
    }
}
