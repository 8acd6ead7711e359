package com.example.inventory;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.AccessRights;
import com.microsoft.azure.functions.annotation.Cardinality;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.ServiceBusQueueTrigger;
import com.microsoft.azure.functions.annotation.ServiceBusTopicTrigger;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/**
 * Audit trail: the ledger subscribes to the audit topic, dead letters are drained in batches, and a
 * report runs on a schedule taken from the ReportSchedule app setting.
 */
public class AuditFunctions {
    static final String LEDGER = "ledger";

    /**
     * Appends every audit event to the ledger.
     */
    @FunctionName("AuditEvents")
    public void auditEvents(
            @ServiceBusTopicTrigger(
                    name = "event",
                    topicName = Settings.AUDIT_TOPIC,
                    subscriptionName = LEDGER,
                    connection = Settings.SERVICE_BUS) String event,
            final ExecutionContext context) {
        context.getLogger().info("Audit event " + event);
    }

    @FunctionName("DeadLetters")
    public void deadLetters(
            @ServiceBusQueueTrigger(name = "messages", queueName = Settings.AUDIT_TOPIC + "/$DeadLetterQueue",
                    connection = Settings.SERVICE_BUS, access = AccessRights.LISTEN, isSessionsEnabled = true,
                    cardinality = Cardinality.MANY) String[] messages,
            final ExecutionContext context) {
        context.getLogger().warning(messages.length + " dead-lettered audit events");
    }

    @FunctionName("StockReport")
    public void stockReport(
            @TimerTrigger(name = "timer", schedule = "%ReportSchedule%") String timerInfo,
            final ExecutionContext context) {
        context.getLogger().info("Stock report " + timerInfo);
    }
}
