package io.github.wsicopy.core.store;

import io.github.wsicopy.core.model.PolicySchedule;
import java.time.Instant;
import java.util.Optional;

/**
 * A replication policy stored through the API ({@code POLICY#<policyId>} / {@code DEFINITION}).
 *
 * @param document     the policy document as the caller sent it (with its {@code policyId}), as JSON; checked by
 *                     {@code PolicyParser} before it was stored and again by each run
 * @param schedule     when it runs; empty: only on demand ({@code POST /policies/{id}/run})
 * @param scheduleName the EventBridge Scheduler schedule of the policy, in the stack's schedule group
 * @param version      1 when created, +1 on every replace: the ETag, and the condition of every write
 */
public record PolicyDefinition(String policyId, String document, Optional<PolicySchedule> schedule,
        String scheduleName, long version, Instant createdAt, Instant updatedAt) {}
