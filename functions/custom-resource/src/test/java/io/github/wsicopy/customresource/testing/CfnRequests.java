package io.github.wsicopy.customresource.testing;

import io.github.wsicopy.core.testing.TestStack;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudFormation's custom-resource requests, field for field, with response URLs on the test's
 * {@link ResponseUrlServer}. Request ids are numbered, so responses are easy to tell apart.
 */
public final class CfnRequests {
    public static final String STACK_ID = "arn:aws:cloudformation:us-east-1:" + TestStack.ACCOUNT
            + ":stack/golden-images/5b1e0c90-c1a2-11f0-8f3e-0a1b2c3d4e5f";
    public static final String RESOURCE_TYPE = "Custom::WorkSpacesImageCopy";

    private final ResponseUrlServer urls;
    private int requests;

    public CfnRequests(ResponseUrlServer urls) {
        this.urls = urls;
    }

    public Map<String, Object> create(String logicalId, Map<String, Object> properties) {
        return request("Create", logicalId, null, properties, null);
    }

    public Map<String, Object> update(String logicalId, String physicalId, Map<String, Object> properties,
            Map<String, Object> oldProperties) {
        return request("Update", logicalId, physicalId, properties, oldProperties);
    }

    public Map<String, Object> delete(String logicalId, String physicalId, Map<String, Object> properties) {
        return request("Delete", logicalId, physicalId, properties, null);
    }

    /** The request with its response URL moved to the test's server (for sample events written to a real URL). */
    public Map<String, Object> answeredHere(Map<String, Object> event) {
        Map<String, Object> copy = new LinkedHashMap<>(event);
        copy.put("ResponseURL", urls.url(String.valueOf(event.get("RequestId"))));
        return copy;
    }

    private Map<String, Object> request(String type, String logicalId, String physicalId, Map<String, Object> properties,
            Map<String, Object> oldProperties) {
        String requestId = String.format("00000000-0000-4000-8000-%012d", ++requests);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("RequestType", type);
        event.put("ServiceToken", ProviderContext.FUNCTION_ARN);
        event.put("ResponseURL", urls.url(requestId));
        event.put("StackId", STACK_ID);
        event.put("RequestId", requestId);
        event.put("LogicalResourceId", logicalId);
        if (physicalId != null) {
            event.put("PhysicalResourceId", physicalId);
        }
        event.put("ResourceType", RESOURCE_TYPE);
        event.put("ResourceProperties", withServiceToken(properties));
        if (oldProperties != null) {
            event.put("OldResourceProperties", withServiceToken(oldProperties));
        }
        return event;
    }

    private static Map<String, Object> withServiceToken(Map<String, Object> properties) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ServiceToken", ProviderContext.FUNCTION_ARN);
        p.putAll(properties);
        return p;
    }
}
