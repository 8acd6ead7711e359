using Azure.Messaging.ServiceBus;
using Fulfilment.Shared;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace Fulfilment.Functions;

public class EventFunctions(ILogger<EventFunctions> logger)
{
    private const string Subscription = "fulfilment";

    [Function("ShipOrder")]
    public async Task ShipOrder(
        [ServiceBusTrigger("order-events", Subscription, Connection = Names.Settings.ServiceBus, IsSessionsEnabled = true)]
        ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions)
    {
        logger.LogInformation("Shipping {Id}", message.MessageId);
        await actions.CompleteMessageAsync(message);
    }

    [Function("ScoreClicks")]
    public void ScoreClicks(
        [KafkaTrigger(Names.Settings.KafkaBrokers, Names.ClicksTopic, ConsumerGroup = "scorer", LagThreshold = 500, IsBatched = true)]
        string[] clicks)
    {
        logger.LogInformation("{Count} clicks", clicks.Length);
    }

    [Function("AuditTrail")]
    public void AuditTrail([RabbitMQTrigger(Names.AuditQueue, ConnectionStringSetting = "RabbitMQConnection")] string entry)
    {
        logger.LogInformation("Audit {Entry}", entry);
    }

    [Function("NightlyCleanup")]
    public void NightlyCleanup([TimerTrigger("0 30 1 * * *")] TimerInfo timer)
    {
        logger.LogInformation("Cleanup, next at {Next}", timer.ScheduleStatus?.Next);
    }

    // Not a function: the worker indexes public methods only.
    [Function("Hidden")]
    private void Hidden([QueueTrigger("hidden")] string message) { }
}
