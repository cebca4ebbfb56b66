package dev.jlite.core.internal.pipeline;

import dev.jlite.core.spi.TaskBuilder;
import dev.jlite.core.spi.TaskContext;
import java.nio.file.Path;

/**
 * What only core's own addons declare or ask of a task, kept out of the SPI: each exists for one of them
 * (the app lays the site's base layer and keeps its unpacked tree in the cache; the site archive is written
 * beside the site).
 */
public final class CoreTasks {

    private CoreTasks() {
    }

    /**
     * Makes the task the site's base layer (the app): it declares no outputs of its own but writes anywhere
     * in the site where no other task writes ({@link #claimed}), and runs after every other task of its
     * phase that declares outputs (tasks that only read run after it). A file it wrote that another task
     * comes to declare passes to that task. At most one task is the base layer.
     */
    public static TaskBuilder baseLayer(TaskBuilder task) {
        return ((RegistrarImpl.Builder) task).baseLayer();
    }

    /**
     * A file outside the output directory that the task writes, e.g. an archive beside the site. jlite owns
     * it as it owns the site's files: a file already there that jlite did not write is never replaced (the
     * task fails, naming it), and when the task no longer writes it, it is left where it is. A file inside
     * the output counts as one of the task's outputs there.
     */
    public static TaskBuilder outputFile(TaskBuilder task, Path file) {
        return ((RegistrarImpl.Builder) task).outputFile(file);
    }

    /**
     * Whether another task writes this output path (a {@code /}-separated path relative to the output): it
     * lies in another task's declared outputs, or another task owns it from an earlier build. The base
     * layer leaves such paths out.
     */
    public static boolean claimed(TaskContext ctx, String relativePath) {
        return ((TaskContextImpl) ctx).claimed(relativePath);
    }

    /** Records a file or folder outside the output (e.g. in the cache) that must still exist for the task to be up to date. */
    public static void produced(TaskContext ctx, Path path) {
        ((TaskContextImpl) ctx).produced(path);
    }
}
