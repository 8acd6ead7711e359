/** Names the functions share. Module-level constants, so functions-keda can read them without running the app. */
export const STORAGE = 'AzureWebJobsStorage';
export const ORDERS_QUEUE = 'orders';
export const SERVICE_BUS = 'ServiceBusConnection';
