package io.github.wsicopy.api;

import io.github.wsicopy.core.model.PolicySchedule;

/**
 * The schedules of stored replication policies, one per policy in the stack's schedule group. Each starts the
 * state machine with {@code {"policyId": "<id>"}}, so the schedule never carries the policy itself: an edit of the
 * policy applies to its next run, and only a change of expression, time zone or state touches the schedule.
 * {@link SchedulerSchedules} is EventBridge Scheduler's.
 */
interface PolicySchedules {

    /** Creates the schedule {@code name}, or updates it to this expression, time zone and state. Idempotent. */
    void put(String name, String policyId, PolicySchedule schedule);

    /** Deletes the schedule {@code name}; one that does not exist counts as deleted. */
    void delete(String name);

    /** Scheduler refused the schedule (its expression or time zone); the message says why, in its words. */
    final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
