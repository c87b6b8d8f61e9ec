package io.github.wsicopy.api;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.PolicySchedule;
import java.util.Map;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.Target;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/**
 * Policy schedules in EventBridge Scheduler: CreateSchedule, else (it exists) UpdateSchedule; DeleteSchedule.
 * The target is the state machine's StartExecution (Scheduler's templated Step Functions target, with the role
 * Scheduler assumes), the input {@code {"policyId"}}; Scheduler names each execution, which is the job id.
 * Retries like the template's own schedule: 3 times within an hour.
 */
final class SchedulerSchedules implements PolicySchedules {
    private static final int RETRY_ATTEMPTS = 3;
    private static final int MAX_EVENT_AGE_SECONDS = 3600;

    private final SchedulerClient scheduler;
    private final ApiSettings.Schedules settings;
    private final String stateMachineArn;

    SchedulerSchedules(SchedulerClient scheduler, ApiSettings.Schedules settings, String stateMachineArn) {
        this.scheduler = scheduler;
        this.settings = settings;
        this.stateMachineArn = stateMachineArn;
    }

    /** The target every policy schedule has: only its input differs. */
    Target target(String policyId) {
        return Target.builder().arn(stateMachineArn).roleArn(settings.roleArn())
                .input(Json.write(Map.of("policyId", policyId)))
                .retryPolicy(r -> r.maximumRetryAttempts(RETRY_ATTEMPTS).maximumEventAgeInSeconds(MAX_EVENT_AGE_SECONDS))
                .build();
    }

    @Override
    public void put(String name, String policyId, PolicySchedule schedule) {
        String description = "wsicopy: runs replication policy " + policyId + " (PUT /policies/" + policyId + ")";
        ScheduleState state = schedule.enabled() ? ScheduleState.ENABLED : ScheduleState.DISABLED;
        try {
            try {
                scheduler.createSchedule(r -> r.name(name).groupName(settings.group()).description(description)
                        .scheduleExpression(schedule.expression()).scheduleExpressionTimezone(schedule.timezone())
                        .state(state).flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                        .target(target(policyId)));
            } catch (ConflictException exists) {
                scheduler.updateSchedule(r -> r.name(name).groupName(settings.group()).description(description)
                        .scheduleExpression(schedule.expression()).scheduleExpressionTimezone(schedule.timezone())
                        .state(state).flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                        .target(target(policyId)));
            }
        } catch (ValidationException refused) {
            throw new Refused(refused.awsErrorDetails() == null ? refused.getMessage()
                    : refused.awsErrorDetails().errorMessage());
        }
    }

    @Override
    public void delete(String name) {
        try {
            scheduler.deleteSchedule(r -> r.name(name).groupName(settings.group()));
        } catch (ResourceNotFoundException gone) {
            // deleted already: what was asked
        }
    }
}
