package dev.jlite.core.spi;

/** The work of a task. Throw {@link LiteException} for a failure caused by the user's input. */
@FunctionalInterface
public interface TaskAction {

    void run(TaskContext context) throws Exception;
}
