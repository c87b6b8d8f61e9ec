package io.github.wsicopy.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * One way of running one function in the benchmark: which jar(s), which handler class, which JVM flags, and how
 * its SDK clients find the local stack.
 *
 * @param id           short, unique, stable (report keys)
 * @param function     the function whose sample event it runs ("floor" for the hello-world baseline)
 * @param kind         shipped function, one of the two baselines, or a lever (one choice changed)
 * @param label        what differs, for the tables
 * @param jar          the jar whose size is reported (the function's deployment package)
 * @param classpath    everything besides the harness, in order
 * @param handler      the handler class, constructed with its no-argument constructor like Lambda does
 * @param jvmFlags     the JVM flags of each sample
 * @param sdkEndpoints true: endpoints come from the SDK's own AWS_ENDPOINT_URL_* variables (the naive wiring
 *                     reads nothing else); false: from the AWS_ENDPOINT_URL_<SERVICE> settings
 * @param prime        run the handler's SnapStart hook between init and the first invocation
 */
public record Variant(String id, String function, Kind kind, String label, Path jar, List<Path> classpath,
        String handler, List<String> jvmFlags, boolean sdkEndpoints, boolean prime) {

    /** SNAPSTART: the shipped function primed as before a snapshot; its first invocation is a restored one's. */
    public enum Kind { FLOOR, SHIPPED, SNAPSTART, NAIVE, LEVER }

    public Variant {
        classpath = List.copyOf(classpath);
        jvmFlags = List.copyOf(jvmFlags);
    }

    public Variant withMoreFlags(List<String> more) {
        List<String> flags = new java.util.ArrayList<>(jvmFlags);
        flags.addAll(more);
        return new Variant(id, function, kind, label, jar, classpath, handler, flags, sdkEndpoints, prime);
    }

    /** The same with its class path replaced (jars unpacked into directories, as Lambda unpacks a package). */
    public Variant withClasspath(List<Path> entries) {
        return new Variant(id, function, kind, label, jar, entries, handler, jvmFlags, sdkEndpoints, prime);
    }
}
