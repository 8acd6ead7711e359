// The reference app of the cross-model test: the same functions in every programming model.
using Azure.Messaging.EventHubs;
using Azure.Messaging.ServiceBus;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Equivalent;

public class Functions(ILogger<Functions> logger)
{
    [Function("ProcessOrder")]
    public void ProcessOrder([QueueTrigger("orders", Connection = "AzureWebJobsStorage")] string msg)
    {
        logger.LogInformation("order {Order}", msg);
    }

    [Function("BillOrder")]
    public void BillOrder(
        [ServiceBusTrigger("order-events", "billing", Connection = "ServiceBusConnection")] ServiceBusReceivedMessage message)
    {
        logger.LogInformation("bill {Id}", message.MessageId);
    }

    [Function("IngestTelemetry")]
    public void IngestTelemetry(
        [EventHubTrigger("telemetry", Connection = "EventHubConnection", ConsumerGroup = "$Default")] EventData[] events)
    {
        logger.LogInformation("{Count} events", events.Length);
    }

    [Function("ScoreClick")]
    public void ScoreClick([KafkaTrigger("%KafkaBrokers%", "clicks", ConsumerGroup = "scorer")] string click)
    {
        logger.LogInformation("click {Click}", click);
    }

    [Function("NightlyReport")]
    public void NightlyReport([TimerTrigger("0 0 2 * * *")] TimerInfo timer)
    {
        logger.LogInformation("report, past due: {PastDue}", timer.IsPastDue);
    }

    [Function("CreateOrder")]
    public IActionResult CreateOrder([HttpTrigger(AuthorizationLevel.Function, "post", Route = "orders")] HttpRequest req)
    {
        return new StatusCodeResult(StatusCodes.Status202Accepted);
    }

    [Function("ProcessInvoice")]
    public void ProcessInvoice([BlobTrigger("invoices/{name}", Connection = "AzureWebJobsStorage")] Stream blob, string name)
    {
        logger.LogInformation("invoice {Name}", name);
    }
}
