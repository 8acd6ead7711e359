using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace OrdersApp.Billing;

public class BillingFunctions(ILogger<BillingFunctions> logger)
{
    /// <summary>Bills each order event published to the order-events topic.</summary>
    [Function("BillOrder")]
    public async Task BillOrder(
        [ServiceBusTrigger(Names.OrderEventsTopic, Names.BillingSubscription, Connection = Names.ServiceBusConnection)]
        ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions)
    {
        logger.LogInformation("Billing order event {MessageId}", message.MessageId);
        await actions.CompleteMessageAsync(message);
    }

    /// <summary>Refunds cancelled orders, one session per customer so refunds stay in order.</summary>
    [Function("RefundOrder")]
    public void RefundOrder(
        [ServiceBusTrigger("refunds", Connection = Names.ServiceBusConnection, IsSessionsEnabled = true)] string refund)
    {
        logger.LogInformation("Refunding {Refund}", refund);
    }
}
