package com.example.orders;

/** Queue, topic and connection names shared by the functions. */
public final class Names {
    public static final String ORDERS_QUEUE = "orders";
    public static final String SERVICE_BUS = "ServiceBusConnection";

    private Names() {
    }
}
