package io.github.wsicopy.customresource.testing;

import io.github.wsicopy.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** The exact body CloudFormation must receive for a request, in the order CloudFormation documents the fields. */
public final class ExpectedResponse {
    private ExpectedResponse() {}

    public static String body(Map<String, Object> request, String status, String reason, String physicalId,
            Map<String, String> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Status", status);
        body.put("Reason", reason);
        body.put("PhysicalResourceId", physicalId);
        body.put("StackId", request.get("StackId"));
        body.put("RequestId", request.get("RequestId"));
        body.put("LogicalResourceId", request.get("LogicalResourceId"));
        body.put("NoEcho", false);
        body.put("Data", data);
        return Json.write(body);
    }

    /** The attributes of a resource whose source is in us-east-1 ({@code Fn::GetAtt}). */
    public static Map<String, String> attributes(String imageId, String destinationRegion, String state) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("ImageId", imageId);
        data.put("SourceRegionId", "us-east-1");
        data.put("DestinationRegionId", destinationRegion);
        data.put("State", state);
        return data;
    }
}
