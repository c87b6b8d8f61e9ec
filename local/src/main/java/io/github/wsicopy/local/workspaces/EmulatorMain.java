package io.github.wsicopy.local.workspaces;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the WorkSpaces emulator from the command line (system clock) until it is killed.
 * The first line printed is the endpoint, then one line per seeded image: {@code image <region> <name> <id>}.
 *
 * <pre>
 * java -cp local.jar:... io.github.wsicopy.local.workspaces.EmulatorMain [options]
 *   --port N                 port to listen on (default: a free one)
 *   --rate R --burst B       API rate limit per account and Region (default 2 and 5; --rate 0 = unlimited)
 *   --copy-duration D[..D2]  copy time, ISO-8601 (default PT30M), or a random range: PT20M..PT1H
 *   --quota N                image quota of every Region (default 40)
 *   --seed S                 seed of the random choices
 *   --account KEY=ACCOUNT    calls signed with access key KEY act as ACCOUNT (default 123456789012)
 *   --image REGION:NAME      add an AVAILABLE image of the default account (repeatable)
 *   --byol-image REGION:NAME add an AVAILABLE BYOL image of the default account (repeatable)
 *   --byol-region REGION     enable BYOL for the default account in REGION (repeatable)
 * </pre>
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        WorkSpacesEmulator emulator;
        List<String> seeded = new ArrayList<>();
        try {
            emulator = start(args, seeded);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        PrintStream out = System.out;
        out.println(emulator.endpoint());
        seeded.forEach(out::println);
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /**
     * Starts an emulator configured by {@code args}; adds a line {@code image <region> <name> <id>} to
     * {@code seeded} for each image it adds.
     */
    public static WorkSpacesEmulator start(String[] args, List<String> seeded) {
        EmulatorConfig config = EmulatorConfig.defaults();
        List<String[]> images = new ArrayList<>();
        List<String> byolRegions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value = i + 1 < args.length ? args[++i] : missing(option);
            switch (option) {
                case "--port" -> config = config.withPort(Integer.parseInt(value));
                case "--rate" -> config = config.withRateLimit(Double.parseDouble(value), config.burst());
                case "--burst" -> config = config.withRateLimit(config.ratePerSecond(), Integer.parseInt(value));
                case "--copy-duration" -> {
                    String[] range = value.split("\\.\\.", 2);
                    config = config.withCopyDuration(Duration.parse(range[0]), Duration.parse(range[range.length - 1]));
                }
                case "--quota" -> config = config.withDefaultImageQuota(Integer.parseInt(value));
                case "--seed" -> config = config.withSeed(Long.parseLong(value));
                case "--account" -> {
                    String[] pair = split(value, "=", option);
                    config = config.withAccount(pair[0], pair[1]);
                }
                case "--image" -> images.add(new String[] {value, "DEFAULT"});
                case "--byol-image" -> images.add(new String[] {value, "DEDICATED"});
                case "--byol-region" -> byolRegions.add(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        WorkSpacesEmulator emulator = WorkSpacesEmulator.start(config);
        try {
            String account = config.defaultAccountId();
            byolRegions.forEach(region -> emulator.setDedicatedTenancy(account, region, true));
            for (String[] image : images) {
                String[] regionAndName = split(image[0], ":", "--image");
                String id = emulator.addImage(account, regionAndName[0],
                        ImageSeed.named(regionAndName[1]).byol("DEDICATED".equals(image[1])));
                seeded.add("image " + regionAndName[0] + " " + regionAndName[1] + " " + id);
            }
            return emulator;
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    private static String[] split(String value, String separator, String option) {
        String[] parts = value.split(separator, 2);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException(option + " needs A" + separator + "B, got " + value);
        }
        return parts;
    }

    private static String missing(String option) {
        throw new IllegalArgumentException("missing value for " + option);
    }
}
