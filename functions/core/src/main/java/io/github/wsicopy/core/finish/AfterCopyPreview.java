package io.github.wsicopy.core.finish;

import io.github.wsicopy.core.model.AfterCopy;
import io.github.wsicopy.core.model.CopyRequest;
import io.github.wsicopy.core.model.Facts;
import io.github.wsicopy.core.model.Plan;
import io.github.wsicopy.core.model.PlannedCopy;
import io.github.wsicopy.core.model.Tag;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.workspaces.Bundle;
import io.github.wsicopy.core.workspaces.WorkSpacesError;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a run's finishing steps would do in each target, for the dry run: the copies retention would delete, the
 * bundles it would create or update, the parameters it would write. Made with the finishing step's own rules
 * ({@link RetentionPlan} through {@link RetentionReader}, {@link Lineage}, {@link AfterCopy.Publish}), the planned
 * copies standing in for the new ones: they count as the newest of their lineage, as the finishing step counts them.
 * Writes nothing.
 */
public final class AfterCopyPreview {
    private AfterCopyPreview() {}

    /** What the finishing step would do in one target. */
    public record TargetPreview(String account, String region, List<Deletion> deletions, List<BundleChange> bundles,
            List<ParameterWrite> parameters, Optional<String> problem) {
        public TargetPreview {
            deletions = List.copyOf(deletions);
            bundles = List.copyOf(bundles);
            parameters = List.copyOf(parameters);
        }
    }

    /** An older copy retention would delete once the run's copies are AVAILABLE. */
    public record Deletion(String imageId, String name, String lineage, String why) {}

    /**
     * @param action   {@code create}, {@code update}, or {@code none} when the bundle could not be changed
     * @param bundleId the existing bundle an update changes
     * @param note     why nothing would change, for {@code none}
     */
    public record BundleChange(String name, String action, Optional<String> bundleId, Optional<String> note) {}

    /** @param sourceImageId the source whose copy's id the parameter would hold */
    public record ParameterWrite(String name, String sourceImageId) {}

    /** The preview of every target the plan copies into; empty when the request has nothing after the copy. */
    public static List<TargetPreview> preview(CopyRequest request, Plan plan, Facts facts,
            Function<String, WorkSpacesGateway> gateways, Instant now) {
        AfterCopy afterCopy = request.afterCopy();
        if (!afterCopy.any()) {
            return List.of();
        }
        Map<Target, List<PlannedCopy>> byTarget = new LinkedHashMap<>();
        plan.copies().forEach(c -> byTarget.computeIfAbsent(c.target(), t -> new ArrayList<>()).add(c));
        List<TargetPreview> previews = new ArrayList<>();
        byTarget.forEach((target, copies) -> previews.add(target(request, facts, target, copies,
                gateways.apply(target.account()), now)));
        return previews;
    }

    private static TargetPreview target(CopyRequest request, Facts facts, Target target, List<PlannedCopy> copies,
            WorkSpacesGateway workspaces, Instant now) {
        AfterCopy afterCopy = request.afterCopy();
        try {
            // Read once, and only when bundles are rolled out or retention asks what uses a candidate.
            List<List<Bundle>> read = new ArrayList<>();
            Supplier<List<Bundle>> own = () -> {
                if (read.isEmpty()) {
                    read.add(workspaces.ownBundles(target.region()));
                }
                return read.get(0);
            };
            List<Deletion> deletions = afterCopy.retain().map(retain -> deletions(request, facts, target, copies,
                    workspaces, () -> rolledOut(afterCopy, facts, copies, own.get()), retain, now)).orElse(List.of());
            List<BundleChange> bundles = afterCopy.bundles().isEmpty() ? List.of()
                    : bundles(afterCopy, facts, copies, own.get());
            return new TargetPreview(target.account(), target.region(), deletions, bundles,
                    parameters(afterCopy, facts, copies), Optional.empty());
        } catch (WorkSpacesError e) {
            return new TargetPreview(target.account(), target.region(), List.of(), List.of(), List.of(),
                    Optional.of("WorkSpaces in " + target.region() + " of account " + target.account() + " could not"
                            + " be read (" + e.describe() + "), so what the finishing step would do there is not"
                            + " known; the run itself reads it again"));
        }
    }

    /** Retention as the finishing step will decide it, the planned copies counting as the newest. */
    private static List<Deletion> deletions(CopyRequest request, Facts facts, Target target, List<PlannedCopy> copies,
            WorkSpacesGateway workspaces, Supplier<List<Bundle>> own, AfterCopy.Retention retain, Instant now) {
        List<RetentionPlan.Image> images = new ArrayList<>(RetentionReader.images(workspaces, target.region()));
        Set<String> newCopies = new LinkedHashSet<>();
        Set<String> lineages = new LinkedHashSet<>();
        for (PlannedCopy copy : copies) {
            Optional<String> lineage = lineageOf(copy.tags());
            String id = newId(copy);
            images.add(new RetentionPlan.Image(id, copy.destinationName(), now, "AVAILABLE",
                    Optional.of(copy.sourceImageId()), lineage));
            newCopies.add(id);
            lineage.ifPresent(lineages::add);
        }
        RetentionPlan.Scope scope = new RetentionPlan.Scope(retain.keepLatest(), newCopies, lineages, Map.of(),
                Set.of(), Set.copyOf(request.imageIds()));
        return RetentionPlan.deletions(RetentionReader.plan(workspaces, target.region(), images, scope, own))
                .stream().map(d -> new Deletion(d.imageId(), d.name(), d.lineage().orElse(""), d.why())).toList();
    }

    private static String newId(PlannedCopy copy) {
        return "(new copy of " + copy.sourceImageId() + ")";
    }

    /**
     * The account's bundles as retention will find them: the finishing step points the request's bundles at the new
     * copy before retention runs, so an old copy only they use is free by then.
     */
    private static List<Bundle> rolledOut(AfterCopy afterCopy, Facts facts, List<PlannedCopy> copies, List<Bundle> own) {
        if (copies.size() != 1) {
            return own;
        }
        Set<String> moved = new LinkedHashSet<>();
        afterCopy.bundles().forEach(spec -> spec.name(facts.sourceBundleNames()).ifPresent(moved::add));
        return own.stream().map(b -> moved.contains(b.name()) ? new Bundle(b.bundleId(), b.name(), b.description(),
                newId(copies.get(0)), b.computeType(), b.rootVolumeGb(), b.userVolumeGb()) : b).toList();
    }

    /** As {@code RegionFinisher} rolls them out: by name, updated when the account has one, else created. */
    static List<BundleChange> bundles(AfterCopy afterCopy, Facts facts, List<PlannedCopy> copies, List<Bundle> own) {
        List<BundleChange> changes = new ArrayList<>();
        for (AfterCopy.BundleSpec spec : afterCopy.bundles()) {
            Optional<String> name = spec.name(facts.sourceBundleNames());
            if (name.isEmpty()) {
                String id = ((AfterCopy.FromBundle) spec).bundleId();
                changes.add(new BundleChange(id, "none", Optional.empty(), Optional.of("bundle " + id + " (fromBundle)"
                        + " was not found in the source Region")));
                continue;
            }
            if (copies.size() != 1) {
                changes.add(new BundleChange(name.get(), "none", Optional.empty(), Optional.of("the run makes "
                        + copies.size() + " new images here and a bundle can use one; copy the bundle's image in a job"
                        + " of its own")));
                continue;
            }
            Optional<Bundle> existing = own.stream().filter(b -> name.get().equals(b.name())).findFirst();
            changes.add(new BundleChange(name.get(), existing.isPresent() ? "update" : "create",
                    existing.map(Bundle::bundleId), Optional.empty()));
        }
        return changes;
    }

    /** One parameter per lineage, holding the newest version's copy, as {@code RegionFinisher} writes it. */
    static List<ParameterWrite> parameters(AfterCopy afterCopy, Facts facts, List<PlannedCopy> copies) {
        return afterCopy.publish().map(publish -> Publication.newestPerParameter(publish, copies, PlannedCopy::tags,
                        c -> Optional.ofNullable(facts.sourceImages().get(c.sourceImageId())).map(s -> s.name())
                                .orElse(""))
                .entrySet().stream().map(e -> new ParameterWrite(e.getKey(), e.getValue().sourceImageId())).toList())
                .orElse(List.of());
    }

    private static Optional<String> lineageOf(List<Tag> tags) {
        return Publication.lineage(tags);
    }
}
