using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace OrdersApp.Orders;

public record Order(string Id, string Customer, decimal Total);

public class OrderApi(ILogger<OrderApi> logger)
{
    /// <summary>Accepts an order and queues it for processing.</summary>
    [Function("CreateOrder")]
    public async Task<CreateOrderResponse> CreateOrder(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "orders")] HttpRequest req)
    {
        var order = await JsonSerializer.DeserializeAsync<Order>(req.Body);
        if (order is null || string.IsNullOrEmpty(order.Id))
        {
            return new CreateOrderResponse { Result = new BadRequestObjectResult("An order needs an id.") };
        }

        logger.LogInformation("Accepted order {OrderId}", order.Id);
        return new CreateOrderResponse
        {
            QueuedOrder = JsonSerializer.Serialize(order),
            Result = new AcceptedResult($"/api/orders/{order.Id}", order),
        };
    }

    /// <summary>Liveness endpoint for load balancers.</summary>
    [Function("Health")]
    public IActionResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req)
    {
        return new OkObjectResult(new { status = "ok" });
    }
}

public class CreateOrderResponse
{
    [QueueOutput(Names.OrdersQueue, Connection = "AzureWebJobsStorage")]
    public string? QueuedOrder { get; set; }

    [HttpResult]
    public IActionResult Result { get; set; } = new OkResult();
}
