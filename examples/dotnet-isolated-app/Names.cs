namespace OrdersApp;

/// <summary>Queue, topic and setting names, shared by the functions that send and receive.</summary>
public static class Names
{
    public const string OrdersQueue = "orders";
    public const string OrderEventsTopic = "order-events";
    public const string BillingSubscription = "billing";
    public const string ServiceBusConnection = "ServiceBusConnection";
}
