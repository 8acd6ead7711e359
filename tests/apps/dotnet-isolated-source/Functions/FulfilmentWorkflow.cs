using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Entities;

namespace Fulfilment.Functions;

public static class FulfilmentWorkflow
{
    [Function(nameof(StartFulfilment))]
    public static async Task<IActionResult> StartFulfilment(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "fulfilments")] HttpRequest req,
        [DurableClient] DurableTaskClient client)
    {
        string id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(Fulfil));
        return new AcceptedResult(string.Empty, id);
    }

    [Function(nameof(Fulfil))]
    public static async Task<string> Fulfil([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        return await context.CallActivityAsync<string>(nameof(ReserveStock), "sku-1");
    }

    [Function(nameof(ReserveStock))]
    public static string ReserveStock([ActivityTrigger] string sku) => $"reserved {sku}";

    [Function("StockCounter")]
    public static Task StockCounter([EntityTrigger] TaskEntityDispatcher dispatcher) =>
        dispatcher.DispatchAsync<Counter>();
}

public class Counter : TaskEntity<int>
{
    public void Add(int amount) => State += amount;
}
