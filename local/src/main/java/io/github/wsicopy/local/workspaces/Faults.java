package io.github.wsicopy.local.workspaces;

import io.github.wsicopy.local.model.ServiceModel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Failures to inject into the emulator's API while it runs; every method is thread-safe and returns
 * {@code this} for chaining. Random choices use a Random seeded from {@link EmulatorConfig#seed()}, so a
 * test that makes the same calls in the same order sees the same faults.
 *
 * <p>Order of checks for each call (after the rate limit): denied Region, random throttling, queued
 * {@link #failNext} errors; then the operation runs; then, for a successful CopyWorkspaceImage, the
 * lost-response faults.
 */
public final class Faults {

    /** How a lost response looks to the caller. */
    public enum LostResponseMode {
        /** HTTP 500 {@code InternalFailure}: SDKs retry it, so a retrying client makes a second copy. */
        INTERNAL_FAILURE,
        /** The connection is closed without a response: an I/O error in the client. */
        CLOSE_CONNECTION
    }

    /** Applies to every operation in {@link #failNext} and {@link #throttleFraction(String, double)}. */
    public static final String ANY_OPERATION = "*";

    private record QueuedError(String operation, String errorType, String message) {
    }

    private final Random random;
    private final Map<String, Double> throttleFractions = new HashMap<>();
    private final Deque<QueuedError> queuedErrors = new ArrayDeque<>();
    private final Set<String> deniedRegions = new HashSet<>();
    private int lostCopyResponses;
    private double lostCopyResponseProbability;
    private LostResponseMode lostResponseMode = LostResponseMode.INTERNAL_FAILURE;

    Faults(long seed) {
        this.random = new Random(seed);
    }

    /** Answers this fraction (0..1) of all calls with ThrottlingException. */
    public Faults throttleFraction(double fraction) {
        return throttleFraction(ANY_OPERATION, fraction);
    }

    /** Answers this fraction (0..1) of calls of {@code operation} with ThrottlingException. */
    public synchronized Faults throttleFraction(String operation, double fraction) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be in [0, 1]: " + fraction);
        }
        throttleFractions.put(operation, fraction);
        return this;
    }

    /** The next {@code n} successful copies are made, but their callers get an error instead of the id. */
    public synchronized Faults loseNextCopyResponses(int n) {
        lostCopyResponses = n;
        return this;
    }

    /** Each successful copy's response is lost with this probability (0..1). */
    public synchronized Faults loseCopyResponses(double probability) {
        if (probability < 0 || probability > 1) {
            throw new IllegalArgumentException("probability must be in [0, 1]: " + probability);
        }
        lostCopyResponseProbability = probability;
        return this;
    }

    public synchronized Faults lostResponseMode(LostResponseMode mode) {
        lostResponseMode = mode;
        return this;
    }

    /**
     * The next {@code times} calls of {@code operation} (or {@link #ANY_OPERATION}) fail with
     * {@code {"__type": errorType, "message": message}} without running. The status is the model's for the
     * error shape, 500 for InternalFailure, 503 for ServiceUnavailable, else 400.
     */
    public synchronized Faults failNext(String operation, String errorType, String message, int times) {
        for (int i = 0; i < times; i++) {
            queuedErrors.add(new QueuedError(operation, errorType, message));
        }
        return this;
    }

    /** Every call signed for {@code region} gets AccessDeniedException until {@link #allowRegion}. */
    public synchronized Faults denyRegion(String region) {
        deniedRegions.add(region);
        return this;
    }

    public synchronized Faults allowRegion(String region) {
        deniedRegions.remove(region);
        return this;
    }

    /** Removes every fault. */
    public synchronized Faults clear() {
        throttleFractions.clear();
        queuedErrors.clear();
        deniedRegions.clear();
        lostCopyResponses = 0;
        lostCopyResponseProbability = 0;
        lostResponseMode = LostResponseMode.INTERNAL_FAILURE;
        return this;
    }

    /** The error to answer a call with instead of running it, if any. */
    synchronized Optional<ServiceError> beforeCall(String region, String operation, ServiceModel model) {
        if (deniedRegions.contains(region)) {
            return Optional.of(ServiceError.of(ServiceError.ACCESS_DENIED,
                    "User is not authorized to perform workspaces:" + operation + " in " + region));
        }
        double fraction = throttleFractions.getOrDefault(operation, throttleFractions.getOrDefault(ANY_OPERATION, 0.0));
        if (fraction > 0 && random.nextDouble() < fraction) {
            return Optional.of(ServiceError.of(ServiceError.THROTTLING, "Rate exceeded"));
        }
        for (Iterator<QueuedError> it = queuedErrors.iterator(); it.hasNext(); ) {
            QueuedError queued = it.next();
            if (queued.operation().equals(operation) || queued.operation().equals(ANY_OPERATION)) {
                it.remove();
                int status = model.errorStatus(queued.errorType()).orElse(ServiceError.statusOf(queued.errorType()));
                return Optional.of(new ServiceError(queued.errorType(), status, queued.message(), Map.of()));
            }
        }
        return Optional.empty();
    }

    /** Whether to lose the response of the copy just made; consumes one of {@link #loseNextCopyResponses}. */
    synchronized Optional<LostResponseMode> loseCopyResponse() {
        if (lostCopyResponses > 0) {
            lostCopyResponses--;
            return Optional.of(lostResponseMode);
        }
        if (lostCopyResponseProbability > 0 && random.nextDouble() < lostCopyResponseProbability) {
            return Optional.of(lostResponseMode);
        }
        return Optional.empty();
    }
}
