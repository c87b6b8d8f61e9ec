package io.github.wsicopy.core.cloudformation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one answer a CloudFormation request gets. The first decision recorded for a request is final; every
 * delivery of the request (a duplicate, a retry, the next invocation of a long wait) sends that same one.
 *
 * @param data the resource's attributes for {@code Fn::GetAtt}, on success
 */
public record Decision(Status status, String reason, String physicalResourceId, Map<String, String> data) {
    public enum Status { SUCCESS, FAILED }

    /** CloudFormation shows the reason in the console; the whole response must stay under 4 KB. */
    static final int MAX_REASON = 2000;

    public Decision {
        reason = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON - 1) + "…" : reason;
        data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public static Decision success(String physicalResourceId, Map<String, String> data, String reason) {
        return new Decision(Status.SUCCESS, reason, physicalResourceId, data);
    }

    public static Decision failed(String physicalResourceId, String reason) {
        return new Decision(Status.FAILED, reason, physicalResourceId, Map.of());
    }

    /** The body of the PUT to the pre-signed response URL, fields in the order CloudFormation documents them. */
    public Map<String, Object> responseBody(ResourceEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Status", status.name());
        body.put("Reason", reason);
        body.put("PhysicalResourceId", physicalResourceId);
        body.put("StackId", event.stackId());
        body.put("RequestId", event.requestId());
        body.put("LogicalResourceId", event.logicalResourceId());
        body.put("NoEcho", false);
        body.put("Data", new LinkedHashMap<>(data));
        return body;
    }
}
