package com.example.inventory;

/** Names shared by the functions: queues, topics and the app settings that hold connections. */
public final class Settings {
    public static final String PREFIX = "inventory-";
    public static final String STOCK_QUEUE = PREFIX + "stock-updates";
    public static final String AUDIT_TOPIC = PREFIX + "audit";
    public static final String STORAGE = "InventoryStorage";
    public static final String SERVICE_BUS = "ServiceBusConnection";

    /** HTTP routes. */
    public interface Routes {
        String ITEM = "items/{sku}";
        String REPLENISHMENTS = "replenishments";
    }

    private Settings() {
    }
}
