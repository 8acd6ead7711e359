package com.example.orders;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.ServiceBusTopicTrigger;

/** Billing follows the order events topic; the topic name comes from the OrderEventsTopic app setting. */
public class BillingFunctions {

    @FunctionName("BillOrderEvent")
    public void billOrderEvent(
            @ServiceBusTopicTrigger(name = "message", topicName = "%OrderEventsTopic%", subscriptionName = "billing",
                    connection = Names.SERVICE_BUS) String message,
            final ExecutionContext context) {
        context.getLogger().info("Billing order event " + message);
    }
}
