package io.github.wsicopy.local.workspaces;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Start-up settings of a {@link WorkSpacesEmulator}. Start from {@link #defaults()} and change what the
 * test needs: {@code EmulatorConfig.defaults().withClock(clock).withRateLimit(0, 0)}.
 *
 * @param clock               the clock image times and copy completion are measured on
 * @param port                the loopback port, 0 for a free one
 * @param ratePerSecond       sustained calls per second per (account, Region); 0 = unlimited
 * @param burst               token-bucket size (calls allowed at once)
 * @param defaultAccountId    the account of every access key not in {@code accountsByAccessKey}
 * @param accountsByAccessKey access key id → account id
 * @param defaultImageQuota   images an account may own per Region, unless {@code imageQuotaByRegion} says otherwise
 * @param imageQuotaByRegion  per-Region image quotas
 * @param copyDurationMin     shortest copy time
 * @param copyDurationMax     longest copy time (equal to min: fixed duration)
 * @param seed                seed of every random choice (ids, copy durations, injected faults)
 */
public record EmulatorConfig(Clock clock, int port, double ratePerSecond, int burst, String defaultAccountId,
                             Map<String, String> accountsByAccessKey, int defaultImageQuota,
                             Map<String, Integer> imageQuotaByRegion, Duration copyDurationMin,
                             Duration copyDurationMax, long seed) {

    public static final String DEFAULT_ACCOUNT_ID = "123456789012";

    public EmulatorConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(defaultAccountId, "defaultAccountId");
        accountsByAccessKey = Map.copyOf(accountsByAccessKey);
        imageQuotaByRegion = Map.copyOf(imageQuotaByRegion);
        if (ratePerSecond < 0 || burst < 0) {
            throw new IllegalArgumentException("rate limit must not be negative");
        }
        checkDurations(copyDurationMin, copyDurationMax);
    }

    /**
     * The documented service behaviour: 2 calls/s with bursts of 5, 40 images per Region, every key in
     * account 123456789012; the system clock; copies take 30 minutes.
     */
    public static EmulatorConfig defaults() {
        return new EmulatorConfig(Clock.systemUTC(), 0, 2, 5, DEFAULT_ACCOUNT_ID, Map.of(), 40, Map.of(),
                Duration.ofMinutes(30), Duration.ofMinutes(30), 42L);
    }

    public EmulatorConfig withClock(Clock clock) {
        return new EmulatorConfig(clock, port, ratePerSecond, burst, defaultAccountId, accountsByAccessKey,
                defaultImageQuota, imageQuotaByRegion, copyDurationMin, copyDurationMax, seed);
    }

    public EmulatorConfig withPort(int port) {
        return new EmulatorConfig(clock, port, ratePerSecond, burst, defaultAccountId, accountsByAccessKey,
                defaultImageQuota, imageQuotaByRegion, copyDurationMin, copyDurationMax, seed);
    }

    /** {@code withRateLimit(0, 0)} turns rate limiting off. */
    public EmulatorConfig withRateLimit(double ratePerSecond, int burst) {
        return new EmulatorConfig(clock, port, ratePerSecond, burst, defaultAccountId, accountsByAccessKey,
                defaultImageQuota, imageQuotaByRegion, copyDurationMin, copyDurationMax, seed);
    }

    public EmulatorConfig withDefaultAccount(String accountId) {
        return new EmulatorConfig(clock, port, ratePerSecond, burst, accountId, accountsByAccessKey,
                defaultImageQuota, imageQuotaByRegion, copyDurationMin, copyDurationMax, seed);
    }

    /** Calls signed with {@code accessKeyId} act as {@code accountId}. */
    public EmulatorConfig withAccount(String accessKeyId, String accountId) {
        Map<String, String> accounts = new LinkedHashMap<>(accountsByAccessKey);
        accounts.put(accessKeyId, accountId);
        return new EmulatorConfig(clock, port, ratePerSecond, burst, defaultAccountId, accounts,
                defaultImageQuota, imageQuotaByRegion, copyDurationMin, copyDurationMax, seed);
    }

    public EmulatorConfig withDefaultImageQuota(int quota) {
        return new EmulatorConfig(clock, port, ratePerSecond, burst, defaultAccountId, accountsByAccessKey,
                quota, imageQuotaByRegion, copyDurationMin, copyDurationMax, seed);
    }

    public EmulatorConfig withImageQuota(String region, int quota) {
        Map<String, Integer> quotas = new LinkedHashMap<>(imageQuotaByRegion);
        quotas.put(region, quota);
        return new EmulatorConfig(clock, port, ratePerSecond, burst, defaultAccountId, accountsByAccessKey,
                defaultImageQuota, quotas, copyDurationMin, copyDurationMax, seed);
    }

    public EmulatorConfig withCopyDuration(Duration fixed) {
        return withCopyDuration(fixed, fixed);
    }

    /** Each copy takes a duration drawn uniformly from [min, max] (seeded). */
    public EmulatorConfig withCopyDuration(Duration min, Duration max) {
        return new EmulatorConfig(clock, port, ratePerSecond, burst, defaultAccountId, accountsByAccessKey,
                defaultImageQuota, imageQuotaByRegion, min, max, seed);
    }

    public EmulatorConfig withSeed(long seed) {
        return new EmulatorConfig(clock, port, ratePerSecond, burst, defaultAccountId, accountsByAccessKey,
                defaultImageQuota, imageQuotaByRegion, copyDurationMin, copyDurationMax, seed);
    }

    static void checkDurations(Duration min, Duration max) {
        Objects.requireNonNull(min, "copyDurationMin");
        Objects.requireNonNull(max, "copyDurationMax");
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 <= copy duration min <= max, got " + min + ", " + max);
        }
    }
}
