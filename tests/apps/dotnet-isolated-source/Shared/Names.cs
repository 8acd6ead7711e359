namespace Fulfilment.Shared;

/// <summary>Entity names shared by producers and consumers.</summary>
public static class Names
{
    public const string OrdersQueue = "orders";
    public const string ClicksTopic = "clicks";
    internal const string Prefix = "fulfilment";
    public const string AuditQueue = Prefix + "-audit";

    public static class Settings
    {
        public const string ServiceBus = "ServiceBusConnection";
        public const string KafkaBrokers = "%KafkaBrokers%";
    }
}
