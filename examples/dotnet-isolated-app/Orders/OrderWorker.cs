using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace OrdersApp.Orders;

public class OrderWorker(ILogger<OrderWorker> logger)
{
    /// <summary>Processes the orders CreateOrder queued.</summary>
    [Function(nameof(ProcessOrder))]
    public void ProcessOrder([QueueTrigger(Names.OrdersQueue, Connection = "AzureWebJobsStorage")] string message)
    {
        var order = JsonSerializer.Deserialize<Order>(message)
            ?? throw new InvalidOperationException("The queue message is not an order.");
        logger.LogInformation("Processing order {OrderId} for {Customer}", order.Id, order.Customer);
    }
}
