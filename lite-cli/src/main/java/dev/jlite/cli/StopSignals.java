package dev.jlite.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs an action on Ctrl-C (SIGINT) or SIGTERM instead of letting the JVM exit, so that {@code jlite serve}
 * stops its server and ends with exit code 0, as the reference's server does; the previous handlers come
 * back on {@link #close}. Where signals cannot be handled (a JVM without {@code sun.misc.Signal}, or run with
 * {@code -Xrs}), a shutdown hook runs the action instead, and the exit code is the JVM's own.
 *
 * <p>{@code sun.misc.Signal} lives in {@code jdk.unsupported}, which exists for such uses; it is reached
 * reflectively because javac warns about it whatever the lint settings, and warnings are errors here.
 */
final class StopSignals implements AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final List<Object[]> previous = new ArrayList<>(); // {signal, handler}
    private Thread hook;

    private StopSignals() {
    }

    static StopSignals install(Runnable action) {
        StopSignals s = new StopSignals();
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            InvocationHandler onSignal = (proxy, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return switch (method.getName()) {
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> "jlite stop handler";
                    };
                }
                action.run();
                return null;
            };
            Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerClass}, onSignal);
            for (String name : SIGNALS) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                s.previous.add(new Object[] {signal, handle.invoke(null, signal, handler)});
            }
            return s;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            s.restore();
            s.hook = new Thread(action, "jlite-serve-stop");
            Runtime.getRuntime().addShutdownHook(s.hook);
            return s;
        }
    }

    @Override
    public void close() {
        restore();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs anyway, and that is fine
            }
        }
    }

    private void restore() {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            for (Object[] p : previous) {
                handle.invoke(null, p[0], p[1]);
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // nothing more can be done; the process is ending anyway
        }
        previous.clear();
    }
}
