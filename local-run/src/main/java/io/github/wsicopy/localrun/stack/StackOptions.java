package io.github.wsicopy.localrun.stack;

import io.github.wsicopy.localrun.sfn.Timing;
import io.github.wsicopy.local.LocalOrganization;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * How to start a {@link LocalStack}. Start from {@link #defaults(Path)} and change what is needed.
 *
 * @param root                 the repository (template.yaml, statemachine/, scripts/, node_modules/)
 * @param emulator             the WorkSpaces emulator's configuration (its clock is replaced by the stack's)
 * @param dynamoEndpoint       a running DynamoDB Local to use (a fresh table is made in it), or empty to start one
 * @param environment          variables set on every function after the template's (e.g. START_RATE_PER_SECOND)
 * @param log                  where the functions' log lines go
 * @param functionInterceptors extra SDK interceptors for one function's clients, by logical id (fault hooks)
 * @param timing               how long the state machine's waits and retries take in real time ({@link LocalStack#stateMachine()})
 * @param organization         the accounts of the stack's organization (one OU holding them all), or empty for
 *                             {@link LocalOrganization#demo} (the default)
 */
public record StackOptions(Path root, EmulatorConfig emulator, Optional<URI> dynamoEndpoint,
        Map<String, String> environment, Consumer<String> log, Map<String, List<ExecutionInterceptor>> functionInterceptors, Timing timing,
        Optional<List<LocalOrganization.Target>> organization) {

    public StackOptions {
        environment = Map.copyOf(environment);
        functionInterceptors = Map.copyOf(functionInterceptors);
        organization = organization.map(List::copyOf);
    }

    /** The documented service limits, the template's settings, logs dropped. */
    public static StackOptions defaults(Path root) {
        return new StackOptions(root, EmulatorConfig.defaults(), Optional.empty(), Map.of(), line -> {}, Map.of(), Timing.fast(), Optional.empty());
    }

    public StackOptions withEmulator(EmulatorConfig config) {
        return new StackOptions(root, config, dynamoEndpoint, environment, log, functionInterceptors, timing, organization);
    }

    public StackOptions withDynamoEndpoint(URI endpoint) {
        return new StackOptions(root, emulator, Optional.of(endpoint), environment, log, functionInterceptors, timing, organization);
    }

    /** Adds (or replaces) function environment variables. */
    public StackOptions withEnvironment(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(more);
        return new StackOptions(root, emulator, dynamoEndpoint, env, log, functionInterceptors, timing, organization);
    }

    public StackOptions withLog(Consumer<String> log) {
        return new StackOptions(root, emulator, dynamoEndpoint, environment, log, functionInterceptors, timing, organization);
    }

    public StackOptions withTiming(Timing timing) {
        return new StackOptions(root, emulator, dynamoEndpoint, environment, log, functionInterceptors, timing, organization);
    }

    /**
     * The stack's organization: these accounts in one OU (each with the target-account role or not), instead of
     * {@link LocalOrganization#demo}'s two. For organization-scale runs ({@code make bench-org}).
     */
    public StackOptions withOrganization(List<LocalOrganization.Target> targets) {
        return new StackOptions(root, emulator, dynamoEndpoint, environment, log, functionInterceptors, timing,
                Optional.of(targets));
    }

    public StackOptions withInterceptor(String function, ExecutionInterceptor interceptor) {
        Map<String, List<ExecutionInterceptor>> all = new HashMap<>(functionInterceptors);
        all.merge(function, List.of(interceptor), (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
        return new StackOptions(root, emulator, dynamoEndpoint, environment, log, all, timing, organization);
    }
}
