package io.github.wsicopy.core.snapstart;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskKeys;
import io.github.wsicopy.core.store.TaskState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The in-memory stand-in for DynamoDB, WorkSpaces, SNS and EventBridge behind {@link DryRunHttpClient}: one
 * job with one task of one image, answered so that a handler walks its usual path (a job that moves from
 * state to state, a task in the state the handler works on, an image that exists and is AVAILABLE). It keeps
 * only the job's state, in this object, which is thrown away after priming.
 */
public final class DryRunService {
    public static final String JOB_ID = "snapstart-priming";
    static final String IMAGE_ID = "wsi-0priming01";
    static final String COPY_ID = "wsi-0priming02";
    private static final String TIME = "2025-01-01T00:00:00Z";
    /** UpdateItem of the job's state carries {@code ":to": {"S": "<state>"}}. */
    /** GetItem of the job's request item carries {@code "sk": {"S": "REQUEST"}}. */
    private static final Pattern REQUEST_KEY = Pattern.compile("\"sk\"\\s*:\\s*\\{\\s*\"S\"\\s*:\\s*\"" + TaskKeys.REQUEST_SK + "\"");
    /** The job read (JobStore.job): a Query of the job's partition for sort keys that begin with {@code "JOB"}. */
    private static final Pattern JOB_QUERY = Pattern.compile("begins_with\\(sk, :job\\)");
    private static final Pattern TO_STATE = Pattern.compile("\":to\"\\s*:\\s*\\{\\s*\"S\"\\s*:\\s*\"([A-Z_]+)\"");

    /** An HTTP answer body and its content type. */
    public record Answer(String body, String contentType) {
        static Answer json(Object value) {
            return new Answer(Json.write(value), "application/x-amz-json-1.1");
        }
    }

    private final String account;
    private final String region;
    private final String destination;
    private final TaskState taskState;
    private JobState jobState;

    /**
     * @param jobState  the job's state until a handler moves it
     * @param taskState the state of the job's one task (the one the handler acts on: PENDING for copy ...)
     */
    public DryRunService(String account, String region, JobState jobState, TaskState taskState) {
        this.account = account;
        this.region = region;
        this.destination = otherRegion(region);
        this.jobState = jobState;
        this.taskState = taskState;
    }

    /** The request stored with the job: copy the one image to another Region. */
    public Map<String, Object> request() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sourceRegion", region);
        request.put("imageIds", List.of(IMAGE_ID));
        request.put("destinationRegions", List.of(destination));
        request.put("nameTemplate", "{sourceName}-{destinationRegion}");
        request.put("tags", List.of(Map.of("key", "team", "value", "priming")));
        return request;
    }

    public String region() {
        return region;
    }

    /** The priming run's target: a destination Region of the function's own account. */
    public io.github.wsicopy.core.model.Target target() {
        return new io.github.wsicopy.core.model.Target(account, destination);
    }

    public String destination() {
        return destination;
    }

    synchronized Answer answer(String operation, String body) {
        return switch (operation) {
            // DynamoDB
            case "GetItem" -> body.contains("REPLICA#") ? Answer.json(Map.of())
                    : Answer.json(Map.of("Item", REQUEST_KEY.matcher(body).find() ? requestItem() : jobItem()));
            // the replica ledger of the destination holds nothing: the priming pair is free to claim
            case "Query" -> body.contains("REPLICA#")
                    ? Answer.json(Map.of("Count", 0, "ScannedCount", 0, "Items", List.of()))
                    : Answer.json(Map.of("Count", 1, "ScannedCount", 1,
                            "Items", List.of(JOB_QUERY.matcher(body).find() ? jobItem() : taskItem())));
            case "UpdateItem" -> {
                Matcher to = TO_STATE.matcher(body);
                if (!body.contains("REPLICA#") && to.find()) { // a ledger record's state is not the job's
                    jobState = JobState.valueOf(to.group(1));
                }
                yield Answer.json(Map.of());
            }
            case "BatchWriteItem" -> Answer.json(Map.of("UnprocessedItems", Map.of()));
            // WorkSpaces
            case "DescribeWorkspaceImages" -> Answer.json(Map.of("Images", List.of(image())));
            case "DescribeAccount" -> Answer.json(Map.of("DedicatedTenancySupport", "ENABLED"));
            case "DescribeTags" -> Answer.json(Map.of("TagList", List.of(Map.of("Key", "team", "Value", "priming"))));
            case "CopyWorkspaceImage" -> Answer.json(Map.of("ImageId", COPY_ID));
            // EventBridge (JSON) and SNS (Query protocol, XML answer)
            case "PutEvents" -> Answer.json(Map.of("FailedEntryCount", 0, "Entries", List.of(Map.of("EventId", JOB_ID))));
            case "Publish" -> new Answer("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                    + "<MessageId>" + JOB_ID + "</MessageId></PublishResult><ResponseMetadata><RequestId>" + JOB_ID
                    + "</RequestId></ResponseMetadata></PublishResponse>", "text/xml");
            // PutItem, TransactWriteItems, CreateTags ...: accepted, nothing to say
            default -> Answer.json(Map.of());
        };
    }

    private Map<String, Object> jobItem() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("pk", s(TaskKeys.jobPk(JOB_ID)));
        item.put("sk", s(TaskKeys.JOB_SK));
        item.put("jobId", s(JOB_ID));
        item.put("state", s(jobState.name()));
        item.put("createdAt", s(TIME));
        item.put("updatedAt", s(TIME));
        item.put("targets", Map.of("L", List.of(s(target().key()))));
        for (TaskState state : TaskState.values()) {
            item.put(state.counter(), n(state == taskState ? 1 : 0));
        }
        item.put("expiresAt", n(1_900_000_000L));
        return item;
    }

    private Map<String, Object> requestItem() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("pk", s(TaskKeys.jobPk(JOB_ID)));
        item.put("sk", s(TaskKeys.REQUEST_SK));
        item.put("request", s(Json.write(request())));
        item.put("expiresAt", n(1_900_000_000L));
        return item;
    }

    private Map<String, Object> taskItem() {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("pk", s(TaskKeys.jobPk(JOB_ID)));
        item.put("sk", s(TaskKeys.sortKey(account, destination, IMAGE_ID)));
        item.put("jobId", s(JOB_ID));
        item.put("sourceImageId", s(IMAGE_ID));
        item.put("sourceRegion", s(region));
        item.put("destinationAccount", s(account));
        item.put("destinationRegion", s(destination));
        item.put("destinationName", s("snapstart-priming-" + destination));
        item.put("destinationDescription", s("priming"));
        item.put("tags", s("[{\"key\":\"team\",\"value\":\"priming\"}]"));
        item.put("state", s(taskState.name()));
        if (taskState != TaskState.PENDING) {
            item.put("destinationImageId", s(COPY_ID));
            item.put("claimedAt", s(TIME));
        }
        item.put("attempts", n(taskState == TaskState.PENDING ? 0 : 1));
        item.put("updatedAt", s(TIME));
        item.put("expiresAt", n(1_900_000_000L));
        return item;
    }

    private Map<String, Object> image() {
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("ImageId", taskState == TaskState.COPYING ? COPY_ID : IMAGE_ID);
        image.put("Name", "snapstart-priming");
        image.put("Description", "priming");
        image.put("OperatingSystem", Map.of("Type", "WINDOWS"));
        image.put("State", "AVAILABLE");
        image.put("RequiredTenancy", "DEFAULT");
        image.put("Created", 1.7356896E9);
        image.put("OwnerAccountId", account);
        return image;
    }

    private static Map<String, Object> s(String value) {
        return Map.of("S", value);
    }

    private static Map<String, Object> n(long value) {
        return Map.of("N", Long.toString(value));
    }

    private static String otherRegion(String region) {
        return region.equals("us-east-1") ? "us-west-2" : "us-east-1";
    }
}
