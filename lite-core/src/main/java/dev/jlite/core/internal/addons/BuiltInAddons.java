package dev.jlite.core.internal.addons;

import dev.jlite.core.spi.Addon;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Core's own addons, for catalogs built without discovery. The one list of them is the module's
 * {@code provides} (and {@code META-INF/services}, which a test holds to it): they are found there too.
 */
public final class BuiltInAddons {

    private BuiltInAddons() {
    }

    /** A new instance of each, sorted by class name; a broken provider of another jar on the class path is passed over. */
    public static List<Addon> create() {
        String here = BuiltInAddons.class.getPackageName();
        List<ServiceLoader.Provider<Addon>> ours = new ArrayList<>();
        Iterator<ServiceLoader.Provider<Addon>> providers = ServiceLoader.load(Addon.class, BuiltInAddons.class.getClassLoader())
                .stream().iterator();
        for (int errors = 0; errors < 100; ) { // the loader moves past a broken entry; the bound is for one that never does
            ServiceLoader.Provider<Addon> p;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                p = providers.next();
            } catch (ServiceConfigurationError e) {
                errors++;
                continue; // someone else's: Discovery reports it
            }
            if (p.type().getPackageName().equals(here)) {
                ours.add(p);
            }
        }
        return ours.stream().sorted(Comparator.comparing(p -> p.type().getName())).map(ServiceLoader.Provider::get).toList();
    }
}
