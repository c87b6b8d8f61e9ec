package io.github.wsicopy.core.snapstart;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Core;
import org.crac.Resource;

/**
 * Registers SnapStart runtime hooks (CRaC resources) with the global context, and remembers them.
 *
 * <p>On Lambda, the java21 runtime's own CRaC context calls {@code beforeCheckpoint} before it snapshots a
 * published version and {@code afterRestore} after resuming one. Everywhere else {@code org.crac} quietly drops
 * the registration, so nothing would show that it happened: this class keeps the list, which is how tests see
 * that every handler registered its hook. The list also holds the resources strongly, as the CRaC context itself
 * may hold them only weakly.
 */
public final class SnapStartHooks {
    private static final List<Resource> REGISTERED = new CopyOnWriteArrayList<>();

    private SnapStartHooks() {}

    public static <R extends Resource> R register(R resource) {
        Core.getGlobalContext().register(resource);
        REGISTERED.add(resource);
        return resource;
    }

    /** Every resource registered in this JVM, oldest first. */
    public static List<Resource> registered() {
        return List.copyOf(REGISTERED);
    }
}
