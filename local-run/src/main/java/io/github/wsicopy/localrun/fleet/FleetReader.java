package io.github.wsicopy.localrun.fleet;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.json.JsonException;
import io.github.wsicopy.core.model.FieldError;
import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.Faults;
import io.github.wsicopy.local.workspaces.Faults.LostResponseMode;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;
import io.github.wsicopy.localrun.fleet.Fleet.CopyDuration;
import io.github.wsicopy.localrun.fleet.Fleet.FaultSettings;
import io.github.wsicopy.localrun.fleet.Fleet.Image;
import io.github.wsicopy.localrun.fleet.Fleet.ImageError;
import io.github.wsicopy.localrun.fleet.Fleet.InjectedError;
import io.github.wsicopy.localrun.fleet.Fleet.RateLimit;
import io.github.wsicopy.localrun.fleet.Fleet.RegionSettings;
import io.github.wsicopy.localrun.fleet.Fleet.State;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a fleet file (format: README "Your own fleet", example: examples/fleet.json) strictly: unknown fields,
 * wrong types, values out of range, unknown accounts or Regions, duplicate images, names the model refuses,
 * and a demo request the API would refuse are all reported at once, each naming the field and the rule, and
 * nothing is returned. A fleet this returns applies to a fresh emulator without error.
 */
public final class FleetReader {
    public static final String DEFAULT_JOB_ID = "fleet-copy";
    private static final EmulatorConfig DEFAULTS = EmulatorConfig.defaults();

    private final List<String> problems = new ArrayList<>();

    private FleetReader() {}

    /** Reads {@code file}; throws {@link FleetException} listing every problem. */
    public static Fleet read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FleetException(file.toString(), List.of("cannot read the file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); give the path of a fleet JSON file,"
                    + " e.g. FLEET=examples/fleet.json"));
        }
        return parse(file.toString(), text);
    }

    /** Reads a fleet from {@code text}; {@code file} names it in the errors. */
    public static Fleet parse(String file, String text) {
        Map<String, Object> json;
        try {
            json = Json.parseObject(text);
        } catch (JsonException e) {
            throw new FleetException(file, List.of("the file is not a JSON object (" + e.getMessage()
                    + "); check it with e.g. `python3 -m json.tool " + file + "`"));
        }
        FleetReader reader = new FleetReader();
        Fleet fleet = reader.fleet(new Obj(reader, "", json));
        if (!reader.problems.isEmpty()) {
            throw new FleetException(file, reader.problems);
        }
        return fleet;
    }

    private Fleet fleet(Obj root) {
        Optional<String> description = root.string("description");
        String account = root.account("account").orElse(DEFAULTS.defaultAccountId());
        List<String> others = new ArrayList<>();
        for (Item item : root.list("otherAccounts")) {
            item.account().ifPresent(a -> {
                if (a.equals(account) || others.contains(a)) {
                    problem(item.path, "'" + a + "' is listed twice (the stack's own account is 'account'); list each other account once");
                } else {
                    others.add(a);
                }
            });
        }
        Set<String> accounts = new LinkedHashSet<>(others);
        accounts.add(account);

        Map<String, RegionSettings> regions = new LinkedHashMap<>();
        Optional<Obj> regionsObj = root.object("regions");
        if (!root.json.containsKey("regions") || regionsObj.map(r -> r.json.isEmpty()).orElse(false)) {
            problem("regions", "is required: an object with one entry per Region the fleet uses, e.g."
                    + " {\"us-east-1\": {\"byol\": true, \"imageQuota\": 40}}");
        } else if (regionsObj.isPresent()) {
            for (String region : regionsObj.get().json.keySet()) {
                String path = "regions." + region;
                if (!RequestParser.REGION.matcher(region).matches()) {
                    problem(path, "'" + region + "' is not a Region id (1 to 31 of a-z, 0-9 and '-', e.g. us-east-1)");
                }
                Obj settings = regionsObj.get().objectEntry(region).orElse(null);
                if (settings == null) {
                    continue;
                }
                boolean byol = settings.bool("byol").orElse(false);
                int quota = settings.integer("imageQuota", 0, 100_000).orElse(DEFAULTS.defaultImageQuota());
                settings.done();
                regions.put(region, new RegionSettings(byol, quota));
            }
        }

        List<Image> images = new ArrayList<>();
        List<String> imagePaths = new ArrayList<>();
        List<Item> imageItems = root.list("images");
        if (imageItems.isEmpty() && !(root.json.get("images") instanceof List<?>)) {
            problem("images", "is required: a list of the fleet's images, each with at least a name and a region");
        }
        for (Item item : imageItems) {
            item.object().flatMap(o -> image(o, account, accounts, regions)).ifPresent(image -> {
                images.add(image);
                imagePaths.add(item.path());
            });
        }
        uniqueImages(images, imagePaths);

        CopyDuration copyDuration = copyDuration(root);
        RateLimit rateLimit = root.object("rateLimit").map(this::rateLimit)
                .orElse(new RateLimit(DEFAULTS.ratePerSecond(), DEFAULTS.burst()));
        FaultSettings faults = root.object("faults").map(f -> faults(f, regions)).orElse(FaultSettings.NONE);
        long seed = root.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE).orElse(DEFAULTS.seed());
        Optional<Fleet.Request> request = root.object("request").flatMap(r -> request(r, account, images, regions));
        root.done();
        return new Fleet(description, account, others, regions, images, copyDuration, rateLimit, faults, seed, request);
    }

    private Optional<Image> image(Obj o, String account, Set<String> accounts, Map<String, RegionSettings> regions) {
        int before = problems.size();
        String name = o.required("name").orElse(null);
        String region = o.required("region").orElse(null);
        if (region != null && !regions.isEmpty() && !regions.containsKey(region)) {
            problem(o.path + ".region", "'" + region + "' is not in regions; add it there (with its byol and imageQuota)"
                    + " or use one of " + regions.keySet());
        }
        String owner = o.account("owner").orElse(account);
        if (!accounts.contains(owner)) {
            problem(o.path + ".owner", "'" + owner + "' is neither account nor one of otherAccounts " + otherList(accounts, account)
                    + "; add it to otherAccounts");
        }
        Optional<String> description = o.string("description");
        List<String> sharedWith = new ArrayList<>();
        for (Item item : o.list("sharedWith")) {
            item.account().ifPresent(with -> {
                if (!accounts.contains(with)) {
                    problem(item.path, "'" + with + "' is neither account nor one of otherAccounts; add it to otherAccounts");
                } else if (with.equals(owner)) {
                    problem(item.path, "'" + with + "' owns the image; an image is shared with other accounts only");
                } else if (sharedWith.contains(with)) {
                    problem(item.path, "'" + with + "' is listed twice; list each account once");
                } else {
                    sharedWith.add(with);
                }
            });
        }
        State state = o.enumValue("state", State.class).orElse(State.AVAILABLE);
        Optional<Duration> pendingFor = o.duration("pendingFor");
        if (pendingFor.isPresent() && state != State.PENDING) {
            problem(o.path + ".pendingFor", "is for PENDING images only (how long until they are AVAILABLE); remove it or"
                    + " set state to PENDING");
        }
        Optional<ImageError> error = o.object("error").map(this::imageError);
        if (state == State.ERROR && error.isEmpty() && !o.json.containsKey("error")) {
            problem(o.path + ".error", "is required for an image in state ERROR: {\"code\": .., \"message\": ..}");
        } else if (state != State.ERROR && o.json.containsKey("error")) {
            problem(o.path + ".error", "is for images in state ERROR only; remove it or set state to ERROR");
        }
        boolean byol = o.bool("byol").orElse(false);
        Map<String, String> tags = new LinkedHashMap<>();
        o.object("tags").ifPresent(t -> {
            for (String key : t.json.keySet()) {
                t.string(key).ifPresent(value -> tags.put(key, value));
            }
        });
        Optional<ImageError> copiesFail = o.object("copiesFail").map(this::imageError);
        Optional<String> givenId = o.string("imageId");
        o.done();
        if (name == null || region == null || problems.size() > before) {
            return Optional.empty();
        }
        String imageId = givenId.orElseGet(() -> derivedId(owner, region, name));
        Image image = new Image(imageId, name, description, region, owner, sharedWith, state, pendingFor, error, byol, tags,
                copiesFail);
        for (String violation : WorkSpacesEmulator.seedViolations(owner, region, image.seed())) {
            problem(o.path + "." + modelMember(violation), violation + " (the WorkSpaces model's rule)");
        }
        return problems.size() > before ? Optional.empty() : Optional.of(image);
    }

    private ImageError imageError(Obj o) {
        String code = o.required("code").orElse("");
        String message = o.required("message").orElse("");
        o.done();
        return new ImageError(code, message);
    }

    /** The fleet file's field for a model violation ("Value 'x' at 'Name' failed ..."). */
    private static String modelMember(String violation) {
        java.util.regex.Matcher at = java.util.regex.Pattern.compile(" at '([A-Za-z.]+)'").matcher(violation);
        String member = at.find() ? at.group(1) : "";
        return switch (member) {
            case "Name" -> "name";
            case "Description" -> "description";
            case "ImageId" -> "imageId";
            case "Tags.Key", "Tags.Value" -> "tags";
            case "accountId" -> "owner";
            default -> "region";
        };
    }

    /** Ids are unique; so are names per (owner, Region), as in WorkSpaces. */
    private void uniqueImages(List<Image> images, List<String> paths) {
        Map<String, Image> byId = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < images.size(); i++) {
            Image image = images.get(i);
            String path = paths.get(i);
            Image earlier = byId.putIfAbsent(image.imageId(), image);
            if (earlier != null) {
                problem(path + ".imageId", "'" + image.imageId() + "' is also the id of '" + earlier.name()
                        + "'; image ids are unique");
            }
            if (!names.add(image.owner() + "/" + image.region() + "/" + image.name())) {
                problem(path + ".name", "'" + image.name() + "' is taken: " + image.owner() + " has two images of that"
                        + " name in " + image.region() + "; WorkSpaces image names are unique per account and Region");
            }
        }
    }

    private CopyDuration copyDuration(Obj root) {
        Object value = root.take("copyDuration");
        Duration fixed = DEFAULTS.copyDurationMin();
        if (value == null) {
            return new CopyDuration(fixed, fixed);
        }
        if (value instanceof String s) {
            return duration("copyDuration", s).map(d -> new CopyDuration(d, d)).orElse(new CopyDuration(fixed, fixed));
        }
        if (value instanceof Map<?, ?>) {
            Obj o = root.object("copyDuration").orElseThrow();
            Duration min = o.duration("min").orElse(null);
            Duration max = o.duration("max").orElse(null);
            if (!o.json.containsKey("min") || !o.json.containsKey("max")) {
                problem("copyDuration", "as an object needs both min and max, e.g. {\"min\": \"PT20M\", \"max\": \"PT1H\"}");
            }
            o.done();
            if (min != null && max != null) {
                if (max.compareTo(min) < 0) {
                    problem("copyDuration.max", "is shorter than min; need min <= max");
                } else {
                    return new CopyDuration(min, max);
                }
            }
            return new CopyDuration(fixed, fixed);
        }
        problem("copyDuration", "must be an ISO-8601 duration such as \"PT30M\", or {\"min\": .., \"max\": ..}");
        return new CopyDuration(fixed, fixed);
    }

    private RateLimit rateLimit(Obj o) {
        double perSecond = o.number("perSecond", 0, 10_000).orElse(DEFAULTS.ratePerSecond());
        int burst = o.integer("burst", 0, 10_000).orElse(DEFAULTS.burst());
        if (perSecond > 0 && burst < 1) {
            problem(o.path + ".burst", "must be at least 1 when perSecond is above 0 (perSecond 0 turns the limit off)");
        }
        o.done();
        return new RateLimit(perSecond, burst);
    }

    private FaultSettings faults(Obj o, Map<String, RegionSettings> regions) {
        Set<String> operations = WorkSpacesEmulator.operations();
        Map<String, Double> throttling = new LinkedHashMap<>();
        Object value = o.json.get("throttling");
        if (value instanceof Map<?, ?>) {
            Obj t = o.object("throttling").orElseThrow();
            for (String operation : t.json.keySet()) {
                if (!operation.equals(Faults.ANY_OPERATION) && !operations.contains(operation)) {
                    problem(t.path + "." + operation, "is not an operation of the emulator; use \"*\" or one of " + operations);
                }
                t.number(operation, 0, 1).ifPresent(f -> throttling.put(operation, f));
            }
        } else {
            o.number("throttling", 0, 1).ifPresent(f -> throttling.put(Faults.ANY_OPERATION, f));
        }
        double lost = o.number("lostCopyResponses", 0, 1).orElse(0.0);
        LostResponseMode mode = o.enumValue("lostResponseMode", LostResponseMode.class).orElse(LostResponseMode.INTERNAL_FAILURE);
        List<InjectedError> errors = new ArrayList<>();
        for (Item item : o.list("errors")) {
            item.object().ifPresent(e -> {
                String operation = e.string("operation").orElse(Faults.ANY_OPERATION);
                if (!operation.equals(Faults.ANY_OPERATION) && !operations.contains(operation)) {
                    problem(e.path + ".operation", "'" + operation + "' is not an operation of the emulator; use \"*\" or one of "
                            + operations);
                }
                String type = e.required("type").orElse("");
                String message = e.string("message").orElse("Injected by the fleet file");
                int times = e.integer("times", 1, 10_000).orElse(1);
                e.done();
                errors.add(new InjectedError(operation, type, message, times));
            });
        }
        List<String> denied = new ArrayList<>();
        for (Item item : o.list("deniedRegions")) {
            item.string().ifPresent(r -> {
                if (!regions.containsKey(r)) {
                    problem(item.path, "'" + r + "' is not in regions; use one of " + regions.keySet());
                } else {
                    denied.add(r);
                }
            });
        }
        o.done();
        return new FaultSettings(throttling, lost, mode, errors, denied);
    }

    /**
     * The demo's request: imageIds (and pairs[].imageId) may name an image of the source Region the stack's
     * account owns or is shared; the rest is the API's request, checked by the API's own parser.
     */
    private Optional<Fleet.Request> request(Obj o, String account, List<Image> images, Map<String, RegionSettings> regions) {
        int before = problems.size();
        Map<String, Object> body = new LinkedHashMap<>(o.json);
        String jobId = o.string("jobId").orElse(DEFAULT_JOB_ID);
        body.remove("jobId");
        if (!Inputs.JOB_ID.matcher(jobId).matches()) {
            problem("request.jobId", "'" + jobId + "' must be 1 to 80 letters, digits, '-' or '_'");
        }
        Object source = body.get("sourceRegion");
        if (source instanceof String s && !regions.isEmpty() && !regions.containsKey(s)) {
            problem("request.sourceRegion", "'" + s + "' is not in regions; use one of " + regions.keySet());
        }
        if (body.get("destinationRegions") instanceof List<?> destinations) {
            for (int i = 0; i < destinations.size(); i++) {
                if (destinations.get(i) instanceof String d && !regions.isEmpty() && !regions.containsKey(d)) {
                    problem("request.destinationRegions[" + i + "]", "'" + d + "' is not in regions; add it there (with"
                            + " its byol and imageQuota) or use one of " + regions.keySet());
                }
            }
        }
        String sourceRegion = source instanceof String s ? s : null;
        Function<String, Optional<String>> resolve = ref -> resolve(ref, sourceRegion, account, images);
        if (body.get("imageIds") instanceof List<?> ids) {
            List<Object> resolved = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                resolved.add(resolved("request.imageIds[" + i + "]", ids.get(i), resolve));
            }
            body.put("imageIds", resolved);
        }
        if (body.get("pairs") instanceof List<?> pairs) {
            List<Object> resolved = new ArrayList<>();
            for (int i = 0; i < pairs.size(); i++) {
                if (pairs.get(i) instanceof Map<?, ?> pair && pair.containsKey("imageId")) {
                    Map<Object, Object> copy = new LinkedHashMap<>(pair);
                    copy.put("imageId", resolved("request.pairs[" + i + "].imageId", pair.get("imageId"), resolve));
                    resolved.add(copy);
                } else {
                    resolved.add(pairs.get(i));
                }
            }
            body.put("pairs", resolved);
        }
        if (problems.size() == before
                && RequestParser.parse(body, new RequestParser.Defaults(Fleet.Request.accounts(body.get("trustedOwnerAccounts"))))
                        instanceof RequestParser.Invalid invalid) {
            for (FieldError error : invalid.errors()) {
                problem(error.field().isEmpty() ? "request" : "request." + error.field(), error.message()
                        + " (the API's rule '" + error.rule() + "')");
            }
        }
        return problems.size() > before ? Optional.empty() : Optional.of(new Fleet.Request(jobId, body));
    }

    private Object resolved(String path, Object ref, Function<String, Optional<String>> resolve) {
        if (!(ref instanceof String name)) {
            return ref; // the request parser names the wrong type
        }
        try {
            return resolve.apply(name).orElse(name);
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage());
            return name;
        }
    }

    /** An image name of the source Region the account can use, as its id; empty when {@code ref} is an id. */
    private static Optional<String> resolve(String ref, String sourceRegion, String account, List<Image> images) {
        List<Image> named = images.stream().filter(i -> i.name().equals(ref) && i.region().equals(sourceRegion)
                && (i.owner().equals(account) || i.sharedWith().contains(account))).toList();
        if (named.size() > 1) {
            throw new IllegalArgumentException("'" + ref + "' names " + named.size() + " images in " + sourceRegion + " ("
                    + String.join(", ", named.stream().map(Image::imageId).toList()) + "); give the imageId instead");
        }
        if (named.size() == 1) {
            return Optional.of(named.get(0).imageId());
        }
        if (RequestParser.IMAGE_ID.matcher(ref).matches()) {
            return Optional.empty(); // an id, of the fleet or not: the workflow says what it finds
        }
        throw new IllegalArgumentException("'" + ref + "' is neither the name of an image in " + sourceRegion
                + " that account owns or is shared, nor an image id (wsi-...); check the name and its region");
    }

    /** A stable id for an image the file gives no id: the same file gives the same ids on every run. */
    static String derivedId(String owner, String region, String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((owner + "/" + region + "/" + name).getBytes(StandardCharsets.UTF_8));
            String base36 = new BigInteger(1, Arrays.copyOf(hash, 12)).toString(36);
            return "wsi-" + ("000000000" + base36).substring(base36.length()).substring(0, 9);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String otherList(Set<String> accounts, String account) {
        return accounts.stream().filter(a -> !a.equals(account)).toList().toString();
    }

    private Optional<Duration> duration(String path, String text) {
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative()) {
                problem(path, "must not be negative, got '" + text + "'");
                return Optional.empty();
            }
            return Optional.of(d);
        } catch (DateTimeParseException e) {
            problem(path, "must be an ISO-8601 duration such as \"PT30M\" or \"PT2H\", got '" + text + "'");
            return Optional.empty();
        }
    }

    private boolean isAccount(String path, String value) {
        if (RequestParser.ACCOUNT_ID.matcher(value).matches()) {
            return true;
        }
        problem(path, "'" + value + "' is not an account id (12 digits)");
        return false;
    }

    private void problem(String path, String message) {
        problems.add(path + ": " + message);
    }

    // ---- typed access to one JSON object, remembering the fields read so the others are reported ----

    /** An element of a JSON list, with its path. */
    private record Item(FleetReader reader, String path, Object value) {
        Optional<String> string() {
            if (value instanceof String s && !s.isBlank()) {
                return Optional.of(s);
            }
            reader.problem(path, "must be a non-empty string");
            return Optional.empty();
        }

        Optional<String> account() {
            return string().filter(s -> reader.isAccount(path, s));
        }

        @SuppressWarnings("unchecked")
        Optional<Obj> object() {
            if (value instanceof Map<?, ?> map) {
                return Optional.of(new Obj(reader, path, (Map<String, Object>) map));
            }
            reader.problem(path, "must be an object");
            return Optional.empty();
        }
    }

    private static final class Obj {
        final FleetReader reader;
        final String path;
        final Map<String, Object> json;
        final Set<String> read = new HashSet<>();

        Obj(FleetReader reader, String path, Map<String, Object> json) {
            this.reader = reader;
            this.path = path;
            this.json = json;
        }

        String field(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        Object take(String name) {
            read.add(name);
            return json.get(name);
        }

        Optional<String> string(String name) {
            Object value = take(name);
            if (value == null) {
                return Optional.empty();
            }
            if (!(value instanceof String s) || s.isBlank()) {
                reader.problem(field(name), "must be a non-empty string");
                return Optional.empty();
            }
            return Optional.of(s);
        }

        Optional<String> account(String name) {
            return string(name).filter(s -> reader.isAccount(field(name), s));
        }

        Optional<String> required(String name) {
            if (json.get(name) == null) {
                read.add(name);
                reader.problem(field(name), "is required");
                return Optional.empty();
            }
            return string(name);
        }

        Optional<Boolean> bool(String name) {
            Object value = take(name);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof Boolean b) {
                return Optional.of(b);
            }
            reader.problem(field(name), "must be true or false");
            return Optional.empty();
        }

        Optional<Long> integer(String name, long min, long max) {
            Object value = take(name);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof BigDecimal n) {
                try {
                    long v = n.longValueExact();
                    if (v >= min && v <= max) {
                        return Optional.of(v);
                    }
                } catch (ArithmeticException e) {
                    // not a whole number, or too large: reported below
                }
            }
            reader.problem(field(name), "must be a whole number from " + min + " to " + max + ", got " + value);
            return Optional.empty();
        }

        Optional<Integer> integer(String name, int min, int max) {
            return integer(name, (long) min, (long) max).map(Long::intValue);
        }

        Optional<Double> number(String name, double min, double max) {
            Object value = take(name);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof BigDecimal n && n.doubleValue() >= min && n.doubleValue() <= max) {
                return Optional.of(n.doubleValue());
            }
            reader.problem(field(name), "must be a number from " + fmt(min) + " to " + fmt(max) + ", got " + value);
            return Optional.empty();
        }

        Optional<Duration> duration(String name) {
            Optional<String> text = string(name);
            return text.isEmpty() ? Optional.empty() : reader.duration(field(name), text.get());
        }

        <E extends Enum<E>> Optional<E> enumValue(String name, Class<E> type) {
            Optional<String> text = string(name);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(text.get())) {
                    return Optional.of(constant);
                }
            }
            reader.problem(field(name), "must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()
                    + ", got '" + text.get() + "'");
            return Optional.empty();
        }

        @SuppressWarnings("unchecked")
        Optional<Obj> object(String name) {
            Object value = take(name);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof Map<?, ?> map) {
                return Optional.of(new Obj(reader, field(name), (Map<String, Object>) map));
            }
            reader.problem(field(name), "must be an object");
            return Optional.empty();
        }

        Optional<Obj> objectEntry(String key) {
            return object(key);
        }

        List<Item> list(String name) {
            Object value = take(name);
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> list)) {
                reader.problem(field(name), "must be a list");
                return List.of();
            }
            List<Item> items = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                items.add(new Item(reader, field(name) + "[" + i + "]", list.get(i)));
            }
            return items;
        }

        /** Reports the fields nobody read: unknown, or misspelt. */
        void done() {
            for (String name : json.keySet()) {
                if (!read.contains(name)) {
                    reader.problem(field(name), "is not a field here; the fields are " + known());
                }
            }
        }

        private List<String> known() {
            return read.stream().sorted().toList();
        }

        private static String fmt(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }
}
