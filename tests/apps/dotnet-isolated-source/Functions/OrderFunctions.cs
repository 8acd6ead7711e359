using Fulfilment.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Fulfilment.Functions;

public class OrderFunctions(ILogger<OrderFunctions> logger)
{
    [Function(nameof(ProcessOrder))]
    public void ProcessOrder([QueueTrigger(Names.OrdersQueue, Connection = "AzureWebJobsStorage")] string order)
    {
        logger.LogInformation("Processing order {Order}", order);
    }

    [Function("AcceptOrder")]
    public async Task<AcceptedOrder> AcceptOrder(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "orders")] HttpRequest req)
    {
        var body = await new StreamReader(req.Body).ReadToEndAsync();
        return new AcceptedOrder { Order = body, Result = new AcceptedResult() };
    }
}

public class AcceptedOrder
{
    [QueueOutput(Names.OrdersQueue)]
    public string? Order { get; set; }

    [HttpResult]
    public IActionResult? Result { get; set; }
}
