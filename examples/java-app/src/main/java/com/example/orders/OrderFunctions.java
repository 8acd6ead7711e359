package com.example.orders;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.OutputBinding;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.azure.functions.annotation.QueueOutput;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import java.util.Optional;
import java.util.UUID;

/** Orders come in over HTTP and are processed from a storage queue. */
public class OrderFunctions {

    @FunctionName("CreateOrder")
    public HttpResponseMessage createOrder(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION,
                    route = "orders") HttpRequestMessage<Optional<String>> request,
            @QueueOutput(name = "order", queueName = Names.ORDERS_QUEUE, connection = "AzureWebJobsStorage")
                    OutputBinding<String> order,
            final ExecutionContext context) {
        String body = request.getBody().orElse("");
        if (body.isBlank()) {
            return request.createResponseBuilder(HttpStatus.BAD_REQUEST).body("Send the order as the body").build();
        }
        String id = UUID.randomUUID().toString();
        order.setValue("{\"id\":\"" + id + "\",\"order\":" + body + "}");
        context.getLogger().info("Accepted order " + id);
        return request.createResponseBuilder(HttpStatus.ACCEPTED).body(id).build();
    }

    @FunctionName("Health")
    public HttpResponseMessage health(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, authLevel = AuthorizationLevel.ANONYMOUS,
                    route = "health") HttpRequestMessage<Optional<String>> request) {
        return request.createResponseBuilder(HttpStatus.OK).body("ok").build();
    }

    @FunctionName("ProcessOrder")
    public void processOrder(
            @QueueTrigger(name = "message", queueName = Names.ORDERS_QUEUE, connection = "AzureWebJobsStorage")
                    String message,
            final ExecutionContext context) {
        context.getLogger().info("Processing " + message);
    }
}
