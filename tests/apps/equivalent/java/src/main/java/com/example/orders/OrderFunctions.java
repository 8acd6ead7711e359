package com.example.orders;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.annotation.ServiceBusTopicTrigger;
import java.util.Optional;

/** Order intake: HTTP creates an order, the queue processes it, billing follows the order events topic. */
public class OrderFunctions {

    @FunctionName("CreateOrder")
    public HttpResponseMessage createOrder(
            @HttpTrigger(
                    name = "req",
                    methods = {HttpMethod.POST},
                    authLevel = AuthorizationLevel.FUNCTION,
                    route = "orders")
                    HttpRequestMessage<Optional<String>> request,
            final ExecutionContext context) {
        String body = request.getBody().orElse("");
        context.getLogger().info("Order received: " + body.length() + " bytes");
        return request.createResponseBuilder(HttpStatus.ACCEPTED).body(body).build();
    }

    @FunctionName("ProcessOrder")
    public void processOrder(
            @QueueTrigger(name = "message", queueName = "orders", connection = "AzureWebJobsStorage") String message,
            final ExecutionContext context) {
        context.getLogger().info("Processing order " + message);
    }

    @FunctionName("BillOrder")
    public void billOrder(
            @ServiceBusTopicTrigger(
                    name = "message",
                    topicName = "order-events",
                    subscriptionName = "billing",
                    connection = "ServiceBusConnection")
                    String message,
            final ExecutionContext context) {
        context.getLogger().info("Billing " + message);
    }
}
