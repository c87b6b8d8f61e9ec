package io.github.wsicopy.core.finish;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which images of one (account, Region) retention deletes, and why every other one stays. Pure, so the finishing
 * step and the plan view give the same answer and every rule is tested without AWS.
 *
 * <p>Within each lineage the job has an AVAILABLE copy in, the {@code keepLatest} newest AVAILABLE copies stay, the
 * job's own new copies counting as the newest (then newer {@code created} first). Of the older AVAILABLE ones, an
 * image is deleted unless something uses it (a bundle or an application association), it is shared with another
 * account, or it is one of the job's source images. Never touched: an image that is not ours (no
 * {@code wsicopy:source-image-id} tag), ours without a lineage tag (made before lineages), of a lineage the job did
 * not copy into, or not AVAILABLE (PENDING cannot be deleted; an ERROR copy is the replica ledger's to replace).
 */
public final class RetentionPlan {

    /**
     * One image the account owns in the Region, as its tags describe it.
     *
     * @param sourceImageId its {@code wsicopy:source-image-id} tag: present on the copies wsicopy made
     * @param lineage       its {@code wsicopy:lineage} tag, if any
     */
    public record Image(String imageId, String name, Instant created, String state, Optional<String> sourceImageId,
            Optional<String> lineage) {
        /** It carries wsicopy's system tag, so wsicopy made it. */
        public boolean ours() {
            return sourceImageId.isPresent();
        }
    }

    /**
     * What the plan is made for.
     *
     * @param newCopies  the job's copies in the Region that are AVAILABLE: they count as the newest of their lineage
     * @param lineages   the lineages of those copies: only they are pruned
     * @param inUse      image id → what uses it (a bundle, an application), in words
     * @param shared     images shared with other accounts (DescribeWorkspaceImagePermissions)
     * @param sources    the job's source images (a same-Region source may be a copy of ours)
     */
    public record Scope(int keepLatest, Set<String> newCopies, Set<String> lineages, Map<String, String> inUse,
            Set<String> shared, Set<String> sources) {
        public Scope {
            newCopies = Set.copyOf(newCopies);
            lineages = Set.copyOf(lineages);
            inUse = Map.copyOf(inUse);
            shared = Set.copyOf(shared);
            sources = Set.copyOf(sources);
        }

        /** The same scope before anything is known of use and sharing: what {@link #candidates} asks about. */
        public Scope withoutUse() {
            return new Scope(keepLatest, newCopies, lineages, Map.of(), Set.of(), sources);
        }

        public Scope withUse(Map<String, String> inUse, Set<String> shared) {
            return new Scope(keepLatest, newCopies, lineages, inUse, shared, sources);
        }
    }

    /** Why an image stays. */
    public enum KeepReason {
        NOT_OURS("it has no wsicopy system tag: wsicopy deletes only copies it made"),
        NO_LINEAGE("it is a wsicopy copy without a lineage tag (made before lineages), so no lineage counts it"),
        OTHER_LINEAGE("its lineage got no new copy in this job"),
        NOT_AVAILABLE("it is not AVAILABLE: a PENDING image cannot be deleted, and an ERROR copy is replaced by the"
                + " next copy of its source"),
        NEWEST("it is among the newest copies of its lineage that retain.keepLatest keeps"),
        IN_USE("it is in use"),
        SHARED("it is shared with other accounts"),
        SOURCE("it is a source image of this job");

        private final String words;

        KeepReason(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** What retention does with one image. */
    public sealed interface Decision permits Keep, Delete {
        String imageId();

        Optional<String> lineage();

        /** A sentence for the job's record and the plan view. */
        String why();
    }

    /** @param detail what uses it, for IN_USE; else empty */
    public record Keep(String imageId, Optional<String> lineage, KeepReason reason, String detail) implements Decision {
        @Override
        public String why() {
            return "kept: " + reason.words() + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /**
     * @param rank       its place in its lineage, newest first (1-based)
     * @param keepLatest how many the lineage keeps
     */
    public record Delete(String imageId, String name, Optional<String> lineage, Instant created, int rank,
            int keepLatest) implements Decision {
        @Override
        public String why() {
            return "deleted: copy " + rank + " of lineage " + lineage.orElse("") + " (newest first, created " + created
                    + "), older than the " + keepLatest + " newest AVAILABLE copies retain.keepLatest keeps; nothing"
                    + " uses it, it is not shared and not a source of the job";
        }
    }

    private RetentionPlan() {}

    /** A decision for every image, in the order given. */
    public static List<Decision> plan(List<Image> images, Scope scope) {
        Map<String, Decision> decided = new LinkedHashMap<>();
        Map<String, List<Image>> byLineage = new LinkedHashMap<>();
        for (Image image : images) {
            Optional<KeepReason> untouchable = untouchable(image, scope);
            if (untouchable.isPresent()) {
                decided.put(image.imageId(), new Keep(image.imageId(), image.lineage(), untouchable.get(), ""));
            } else {
                byLineage.computeIfAbsent(image.lineage().orElseThrow(), l -> new ArrayList<>()).add(image);
            }
        }
        Comparator<Image> newestFirst = Comparator
                .comparing((Image i) -> !scope.newCopies().contains(i.imageId()))
                .thenComparing(Image::created, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Image::imageId);
        byLineage.forEach((lineage, copies) -> {
            List<Image> ranked = copies.stream().sorted(newestFirst).toList();
            for (int i = 0; i < ranked.size(); i++) {
                Image image = ranked.get(i);
                decided.put(image.imageId(), i < scope.keepLatest()
                        ? new Keep(image.imageId(), image.lineage(), KeepReason.NEWEST, "copy " + (i + 1) + " of "
                                + scope.keepLatest())
                        : spared(image, scope).orElseGet(() -> new Delete(image.imageId(), image.name(),
                                image.lineage(), image.created(), ranked.indexOf(image) + 1, scope.keepLatest())));
            }
        });
        return images.stream().map(i -> decided.get(i.imageId())).toList();
    }

    /** The images retention would delete if nothing used or shared them: the only ones worth asking about. */
    public static List<String> candidates(List<Image> images, Scope scope) {
        return deletions(plan(images, scope.withoutUse())).stream().map(Delete::imageId).toList();
    }

    public static List<Delete> deletions(List<Decision> decisions) {
        return decisions.stream().filter(Delete.class::isInstance).map(Delete.class::cast).toList();
    }

    /** The rules no rank can override. */
    private static Optional<KeepReason> untouchable(Image image, Scope scope) {
        if (!image.ours()) {
            return Optional.of(KeepReason.NOT_OURS);
        }
        if (image.lineage().isEmpty()) {
            return Optional.of(KeepReason.NO_LINEAGE);
        }
        if (!scope.lineages().contains(image.lineage().get())) {
            return Optional.of(KeepReason.OTHER_LINEAGE);
        }
        if (!"AVAILABLE".equals(image.state())) {
            return Optional.of(KeepReason.NOT_AVAILABLE);
        }
        return Optional.empty();
    }

    /** An older copy that stays all the same. */
    private static Optional<Decision> spared(Image image, Scope scope) {
        if (scope.inUse().containsKey(image.imageId())) {
            return Optional.of(new Keep(image.imageId(), image.lineage(), KeepReason.IN_USE,
                    scope.inUse().get(image.imageId())));
        }
        if (scope.shared().contains(image.imageId())) {
            return Optional.of(new Keep(image.imageId(), image.lineage(), KeepReason.SHARED, ""));
        }
        if (scope.sources().contains(image.imageId())) {
            return Optional.of(new Keep(image.imageId(), image.lineage(), KeepReason.SOURCE, ""));
        }
        return Optional.empty();
    }
}
