package com.example.inventory;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.TaskOrchestrationContext;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import com.microsoft.durabletask.azurefunctions.DurableClientContext;
import com.microsoft.durabletask.azurefunctions.DurableClientInput;
import com.microsoft.durabletask.azurefunctions.DurableOrchestrationTrigger;
import java.util.List;
import java.util.Optional;

/** Replenishment: a Durable Functions orchestration that reorders every SKU below its threshold. */
public class Replenishment {
    private static final List<String> SKUS = List.of("A-100", "B-200", "C-300");

    @FunctionName("Replenish")
    public String replenish(@DurableOrchestrationTrigger(name = "ctx") TaskOrchestrationContext ctx) {
        StringBuilder reordered = new StringBuilder();
        for (String sku : SKUS) {
            reordered.append(ctx.callActivity("ReplenishSku", sku, String.class).await()).append(' ');
        }
        return reordered.toString().trim();
    }

    @FunctionName("ReplenishSku")
    public String replenishSku(
            @DurableActivityTrigger(name = "sku") String sku,
            final ExecutionContext context) {
        context.getLogger().info("Reordering " + sku);
        return sku;
    }

    @FunctionName("StartReplenishment")
    public HttpResponseMessage startReplenishment(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION,
                    route = Settings.Routes.REPLENISHMENTS) HttpRequestMessage<Optional<String>> request,
            @DurableClientInput(name = "durableContext") DurableClientContext durableContext,
            final ExecutionContext context) {
        DurableTaskClient client = durableContext.getClient();
        String instanceId = client.scheduleNewOrchestrationInstance("Replenish");
        context.getLogger().info("Started replenishment " + instanceId);
        return durableContext.createCheckStatusResponse(request, instanceId);
    }
}
