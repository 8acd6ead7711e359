package com.example.orders;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.Cardinality;
import com.microsoft.azure.functions.annotation.EventHubTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.KafkaTrigger;
import java.util.List;

/** Streams: device telemetry from Event Hubs, click events from Kafka. */
public class StreamFunctions {

    @FunctionName("IngestTelemetry")
    public void ingestTelemetry(
            @EventHubTrigger(
                    name = "events",
                    eventHubName = "telemetry",
                    connection = "EventHubConnection",
                    consumerGroup = "$Default",
                    cardinality = Cardinality.MANY)
                    List<String> events,
            final ExecutionContext context) {
        context.getLogger().info("Telemetry batch of " + events.size());
    }

    @FunctionName("ScoreClick")
    public void scoreClick(
            @KafkaTrigger(
                    name = "click",
                    topic = "clicks",
                    brokerList = "%KafkaBrokers%",
                    consumerGroup = "scorer")
                    String click,
            final ExecutionContext context) {
        context.getLogger().info("Scoring click " + click);
    }
}
