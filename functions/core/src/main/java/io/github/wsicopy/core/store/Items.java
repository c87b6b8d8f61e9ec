package io.github.wsicopy.core.store;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.Tag;
import io.github.wsicopy.core.model.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Job and task items ⇄ records, by hand: no reflection, and the attribute names are visible in one place. */
final class Items {
    private Items() {}

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static Map<String, AttributeValue> taskItem(CopyTask task, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(TaskKeys.jobPk(task.jobId())));
        item.put("sk", s(task.sortKey()));
        item.put("jobId", s(task.jobId()));
        item.put("sourceImageId", s(task.sourceImageId()));
        item.put("sourceRegion", s(task.sourceRegion()));
        item.put("destinationAccount", s(task.destinationAccount()));
        item.put("destinationRegion", s(task.destinationRegion()));
        item.put("destinationName", s(task.destinationName()));
        item.put("destinationDescription", s(task.destinationDescription()));
        item.put("tags", s(tagsJson(task.tags())));
        item.put("state", s(task.state().name()));
        task.reasonCode().ifPresent(c -> item.put("reasonCode", s(c.name())));
        task.reason().ifPresent(r -> item.put("reason", s(r)));
        task.reasonParams().ifPresent(p -> item.put("reasonParams", s(Reason.paramsToJson(p))));
        task.destinationImageId().ifPresent(i -> item.put("destinationImageId", s(i)));
        item.put("attempts", n(task.attempts()));
        item.put("updatedAt", s(task.updatedAt().toString()));
        item.put("expiresAt", n(expiresAt.getEpochSecond()));
        return item;
    }

    static CopyTask task(Map<String, AttributeValue> item) {
        return new CopyTask(
                str(item, "jobId"),
                str(item, "sourceImageId"),
                str(item, "sourceRegion"),
                str(item, "destinationAccount"),
                str(item, "destinationRegion"),
                str(item, "destinationName"),
                str(item, "destinationDescription"),
                tags(str(item, "tags")),
                TaskState.valueOf(str(item, "state")),
                opt(item, "reasonCode").map(ReasonCode::valueOf),
                opt(item, "reason"),
                opt(item, "destinationImageId"),
                (int) num(item, "attempts"),
                opt(item, "claimedAt").map(Instant::parse),
                Instant.parse(str(item, "updatedAt")),
                opt(item, "copiedByJob"),
                opt(item, "replacedErrorCopy"),
                opt(item, "reasonParams").map(Reason::paramsFromJson));
    }

    static Job job(Map<String, AttributeValue> item) {
        EnumMap<TaskState, Long> counts = new EnumMap<>(TaskState.class);
        for (TaskState state : TaskState.values()) {
            counts.put(state, item.containsKey(state.counter()) ? num(item, state.counter()) : 0L);
        }
        List<Target> targets = item.containsKey("targets")
                ? item.get("targets").l().stream().map(AttributeValue::s).map(Items::target).toList()
                : List.of();
        return new Job(
                str(item, "jobId"),
                JobState.valueOf(str(item, "state")),
                targets,
                new Counts(counts),
                Instant.parse(str(item, "createdAt")),
                Instant.parse(str(item, "updatedAt")),
                opt(item, "finishedAt").map(Instant::parse),
                opt(item, "error"),
                opt(item, "validationErrors"),
                opt(item, "notifiedAt").map(Instant::parse),
                origin(item),
                opt(item, "note"));
    }

    /** {@code <account>#<region>}, as {@link Target#key()} writes it. */
    static Target target(String key) {
        int hash = key.indexOf('#');
        return new Target(key.substring(0, hash), key.substring(hash + 1));
    }

    static JobOrigin origin(Map<String, AttributeValue> item) {
        Optional<String> policyId = opt(item, "policyId");
        if (policyId.isPresent()) {
            return new JobOrigin.Scheduled(policyId.get());
        }
        Optional<String> cfnRequest = opt(item, "cfnRequestKey");
        if (cfnRequest.isPresent()) {
            return new JobOrigin.CloudFormation(cfnRequest.get());
        }
        return opt(item, "retryOf").<JobOrigin>map(JobOrigin.Retry::new).orElse(JobOrigin.REQUESTED);
    }

    static void putOrigin(Map<String, AttributeValue> item, JobOrigin origin) {
        origin.policy().ifPresent(id -> item.put("policyId", s(id)));
        origin.retryOf().ifPresent(id -> item.put("retryOf", s(id)));
        origin.cloudFormationRequest().ifPresent(key -> item.put("cfnRequestKey", s(key)));
    }

    static String tagsJson(List<Tag> tags) {
        List<Object> list = new ArrayList<>();
        for (Tag tag : tags) {
            list.add(Map.of("key", tag.key(), "value", tag.value()));
        }
        return Json.write(list);
    }

    @SuppressWarnings("unchecked")
    static List<Tag> tags(String json) {
        List<Tag> tags = new ArrayList<>();
        for (Object o : (List<Object>) Json.parse(json)) {
            Map<String, Object> m = (Map<String, Object>) o;
            tags.add(new Tag((String) m.get("key"), (String) m.get("value")));
        }
        return tags;
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || v.s() == null) {
            throw new IllegalStateException("item " + item.get("pk") + "/" + item.get("sk") + " has no " + name);
        }
        return v.s();
    }

    static Optional<String> opt(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? Optional.empty() : Optional.ofNullable(v.s());
    }

    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0L : Long.parseLong(v.n());
    }
}
